package io.loadstone.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.common.message.IntervalHistogram;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.phase.Phase;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.groups.Tuple;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class IntervalRecorderTest {
  private static final RunId RUN = new RunId("rec-test");
  private final List<IntervalHistogram> out = new CopyOnWriteArrayList<>();
  private final IntervalRecorder recorder = new IntervalRecorder(RUN, "w1", out::add);

  private static PhaseEvent event(Phase phase, long micros) {
    return new PhaseEvent(RUN, "s0001", 1, phase, micros, 1, 2, "w1", "p", PhaseEvent.NO_INTERVAL);
  }

  private static Histogram decode(IntervalHistogram h) throws Exception {
    return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(h.compressed()), 0);
  }

  @Test
  void eachValueIsInTheHistogramWhoseSequenceRecordReturned() throws Exception {
    long first = recorder.record(event(Phase.CREATED, 10_000));
    recorder.record(event(Phase.POD_READY, 2_000_000));
    recorder.record(event(Phase.POD_READY, 3_000_000));
    recorder.flush();
    long second = recorder.record(event(Phase.CREATED, 20_000));
    recorder.flush();

    assertThat(first).isEqualTo(1);
    assertThat(second).isEqualTo(2);
    assertThat(out).extracting(IntervalHistogram::sequence, IntervalHistogram::phase)
        .containsExactly(Tuple.tuple(1L, Phase.CREATED),
            Tuple.tuple(1L, Phase.POD_READY),
            Tuple.tuple(2L, Phase.CREATED));
    assertThat(decode(out.get(1)).getTotalCount()).isEqualTo(2);
    assertThat(decode(out.get(2)).getMaxValue()).isEqualTo(new Histogram(3).highestEquivalentValue(20_000));
    assertThat(out).allMatch(h -> h.run().equals(RUN) && h.node().equals("w1")
        && h.startWallMillis() <= h.endWallMillis());
  }

  @Test
  void emptyIntervalPublishesNothingAndKeepsItsSequence() {
    recorder.flush();
    recorder.flush();
    long sequence = recorder.record(event(Phase.RUNNING, 1));
    recorder.stop();

    assertThat(sequence).isEqualTo(1);
    assertThat(out).singleElement().extracting(IntervalHistogram::sequence).isEqualTo(1L);
    assertThat(recorder.sequence()).isEqualTo(2);
  }

  @Test
  void anUntimedPhaseIsInNoInterval() throws Exception {
    assertThat(recorder.record(event(Phase.RUNNING, PhaseEvent.UNMEASURED))).isEqualTo(PhaseEvent.NO_INTERVAL);
    recorder.record(event(Phase.CLEANED_UP, 7));
    recorder.flush();

    assertThat(out).hasSize(1);
    assertThat(out.get(0).phase()).isEqualTo(Phase.CLEANED_UP);
  }

  @Test
  void flushesPeriodicallyOnItsContextAndWhatIsLeftAtStop() {
    Vertx vertx = Vertx.vertx();
    try {
      Promise<Long> recorded = Promise.promise();
      vertx.getOrCreateContext().runOnContext(v -> {
        recorder.start(vertx, 20);
        recorded.complete(recorder.record(event(Phase.TUNNEL_UP, 5_000)));
      });
      long sequence = recorded.future().await();
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !out.isEmpty());
      long last = recorder.record(event(Phase.TUNNEL_UP, 6_000));
      recorder.stop();

      assertThat(out).extracting(IntervalHistogram::sequence).containsExactly(sequence, last);
      assertThat(last).isEqualTo(sequence + 1);
    } finally {
      vertx.close().await();
    }
  }
}
