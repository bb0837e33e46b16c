package io.loadstone.orchestrator.metrics;

import static io.loadstone.orchestrator.metrics.PhaseAggregatorTest.assertSameDistribution;
import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.common.Addresses;
import io.loadstone.common.message.IntervalHistogram;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.codec.Codecs;
import io.loadstone.common.phase.Phase;
import io.loadstone.worker.metrics.IntervalRecorder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Worker-side recorders and the aggregator talking over a real (local) Vert.x event bus with the registered codecs:
 * each node on its own context records then publishes, flushes every 50 ms; one node dies with its last interval
 * unsent, and the aggregator is told it is lost.
 */
@Timeout(20)
class IntervalBusTest {
  private static final RunId RUN = new RunId("bus-test");
  private static final int EVENTS_PER_NODE = 1_500;
  private static final int BATCH = 50;

  private final Vertx vertx = Vertx.vertx();
  private final PhaseAggregator aggregator = new PhaseAggregator();
  private final Context aggregatorContext = vertx.getOrCreateContext();
  private final List<PhaseEvent> published = new CopyOnWriteArrayList<>();
  private final AtomicInteger eventsIn = new AtomicInteger();
  private final AtomicInteger histogramsIn = new AtomicInteger();
  private final AtomicInteger histogramsOut = new AtomicInteger();

  IntervalBusTest() {
    Codecs.registerAll(vertx.eventBus());
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void valuesCrossTheBusAndMergeExactlyWhenANodeDies() {
    onAggregator(() -> Future.all(
        vertx.eventBus().<PhaseEvent>consumer(Addresses.phaseEvents(RUN), m -> {
          aggregator.accept(m.body());
          eventsIn.incrementAndGet();
        }).completion(),
        vertx.eventBus().<IntervalHistogram>consumer(Addresses.intervals(RUN), m -> {
          aggregator.accept(m.body());
          histogramsIn.incrementAndGet();
        }).completion())).await();

    Node survivor = new Node("a", 1, EVENTS_PER_NODE, false);
    Node doomed = new Node("b", 2, EVENTS_PER_NODE / 2, true);
    Future.all(survivor.run(), doomed.run()).await();
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> eventsIn.get() == published.size() && histogramsIn.get() == histogramsOut.get());

    List<PhaseEvent> survivorEvents = published.stream().filter(e -> e.node().equals("a")).toList();
    assertThat(survivorEvents.stream().mapToLong(PhaseEvent::interval).distinct().count())
        .as("values spread over several intervals").isGreaterThan(3);
    long before = onAggregator(() -> Future.succeededFuture(aggregator.histogram(Phase.CREATED).getTotalCount()
        + aggregator.histogram(Phase.POD_READY).getTotalCount())).await();
    assertThat(before).as("the survivor's values came in its histograms; the last ones of the dead node did not")
        .isGreaterThanOrEqualTo(survivorEvents.size()).isLessThan(published.size());

    onAggregator(() -> {
      aggregator.nodeLost("b");
      return Future.succeededFuture();
    }).await();

    for (Phase p : Phase.values()) {
      Histogram merged = onAggregator(() -> Future.succeededFuture(aggregator.histogram(p))).await();
      assertSameDistribution(merged, SimulatedNode.truth(published, p));
    }
    assertThat(onAggregator(() -> Future.succeededFuture(aggregator.duplicates())).await()).isZero();
  }

  private <T> Future<T> onAggregator(Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    aggregatorContext.runOnContext(v -> action.get().onComplete(done));
    return done.future();
  }

  /**
   * A worker node: its own context, a recorder flushing every 50 ms, a batch of events every 5 ms up to
   * {@code limit}. One that {@code dies} stops there without its last histograms leaving it.
   */
  private class Node {
    private final String name;
    private final Random random;
    private final int limit;
    private final boolean dies;
    private final Context context = vertx.getOrCreateContext();
    private IntervalRecorder recorder;
    private boolean dead;
    private int sent;

    Node(String name, long seed, int limit, boolean dies) {
      this.name = name;
      this.random = new Random(seed);
      this.limit = limit;
      this.dies = dies;
    }

    private void publish(IntervalHistogram h) {
      if (!dead) {
        histogramsOut.incrementAndGet();
        vertx.eventBus().publish(Addresses.intervals(RUN), h);
      }
    }

    Future<Void> run() {
      Promise<Void> done = Promise.promise();
      context.runOnContext(v -> {
        recorder = new IntervalRecorder(RUN, name, this::publish);
        recorder.start(vertx, 50);
        vertx.setPeriodic(5, id -> {
          for (int i = 0; i < BATCH; i++) {
            Phase phase = random.nextBoolean() ? Phase.CREATED : Phase.POD_READY;
            PhaseEvent e = new PhaseEvent(RUN, name + "-" + sent, 1, phase, (long) Math.exp(8 + 8 * random.nextDouble()),
                System.nanoTime(), System.currentTimeMillis(), name, "p", PhaseEvent.NO_INTERVAL);
            PhaseEvent stamped = e.inInterval(recorder.record(e));
            published.add(stamped);
            vertx.eventBus().publish(Addresses.phaseEvents(RUN), stamped);
            sent++;
          }
          if (sent >= limit) {
            vertx.cancelTimer(id);
            // this batch was recorded after the last flush: a dying node never sends that interval
            dead = dies;
            recorder.stop();
            done.complete();
          }
        });
      });
      return done.future();
    }
  }
}
