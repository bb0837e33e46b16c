package io.loadstone.common.message.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loadstone.common.message.Diagnosis;
import io.loadstone.common.message.IntervalHistogram;
import io.loadstone.common.message.Isolation;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.RunOffer;
import io.loadstone.common.message.WorkerHello;
import io.loadstone.common.message.SessionHandback;
import io.loadstone.common.message.EndHold;
import io.loadstone.common.message.RunSpec;
import io.loadstone.common.message.SessionJob;
import io.loadstone.common.message.ShareRequest;
import io.loadstone.common.message.UserShare;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.common.phase.Phase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CodecsTest {
  private static final RunId RUN = new RunId("20261124-131502-a3f9");

  /** Encodes after 7 bytes of something else, decodes from there, and checks the next message still reads. */
  private static <T> T roundTrip(VersionedCodec<T> codec, T value) {
    Buffer buffer = Buffer.buffer("garbage");
    codec.encodeToWire(buffer, value);
    int second = buffer.length();
    codec.encodeToWire(buffer, value);
    assertThat(codec.decodeFromWire(second, buffer)).isEqualTo(value);
    return codec.decodeFromWire(7, buffer);
  }

  @Test
  void phaseEventRoundTripsWithUnicodeNode() {
    PhaseEvent e = new PhaseEvent(RUN, "s0003", 2, Phase.POD_READY, 6_123_456, 987_654_321_000L, 1_790_000_000_000L, "wörker-1",
        "admin-firefox-browser-d40f9190", 17, "k8s-agent-2");
    assertThat(roundTrip(new PhaseEventCodec(), e)).isEqualTo(e);
    assertThat(roundTrip(new PhaseEventCodec(), e).inInterval(18).agent()).isEqualTo("k8s-agent-2");
  }

  @Test
  void phaseEventCarriesItsIntervalOrNone() {
    PhaseEvent unstamped = new PhaseEvent(RUN, "s0001", 1, Phase.CREATED, 0, 1, 2, "n", "p", PhaseEvent.NO_INTERVAL);
    assertThat(roundTrip(new PhaseEventCodec(), unstamped).interval()).isEqualTo(PhaseEvent.NO_INTERVAL);
    PhaseEvent stamped = unstamped.inInterval(Long.MAX_VALUE);
    assertThat(roundTrip(new PhaseEventCodec(), stamped)).isEqualTo(stamped);
    assertThat(stamped.key()).isEqualTo(unstamped.key());
  }

  @Test
  void phaseEventOfSchemaVersion2IsRefused() {
    Buffer buffer = Buffer.buffer();
    new PhaseEventCodec().encodeToWire(buffer, new PhaseEvent(RUN, "s", 1, Phase.CREATED, 0, 1, 2, "n", "p", 1));
    buffer.setByte(4, (byte) 3);
    assertThatThrownBy(() -> new PhaseEventCodec().decodeFromWire(0, buffer))
        .hasMessageContaining("codec loadstone.PhaseEvent: cannot read schema version 3 (this node reads 4)");
  }

  @Test
  void clusterMessagesRoundTrip() {
    RunOffer offer = new RunOffer(RUN, "node-7f3a");
    assertThat(roundTrip(new RunOfferCodec(), offer)).isEqualTo(offer);
    WorkerHello hello = new WorkerHello(RUN, "wörker-2", "node-9c1d", 250);
    assertThat(roundTrip(new WorkerHelloCodec(), hello)).isEqualTo(hello);
    SessionHandback back = new SessionHandback(RUN, "s0042", 3, null, "w1");
    assertThat(roundTrip(new SessionHandbackCodec(), back)).isEqualTo(back);
    EndHold end = new EndHold(RUN, "s0007", 2, "step 3 (after running: terminate-sessions count=5)");
    assertThat(roundTrip(new EndHoldCodec(), end)).isEqualTo(end);
    RunSpec target = new RunSpec(RUN, "node-7f3a", "plans/x.yaml", "name: x\n", null, null, null, null, null);
    assertThat(roundTrip(new RunSpecCodec(), target)).isEqualTo(target);
    assertThat(target.sandbox()).isFalse();
  }

  @Test
  void aRunSpecCarriesTheSandboxPasswordButNeverShowsIt() {
    RunSpec spec = new RunSpec(RUN, "node-7f3a", "p.yaml", "name: x\n", "http://127.0.0.1:8000", "admin",
        "s3cr3t-generated", "http://127.0.0.1:6443", "streamspace");
    RunSpec back = roundTrip(new RunSpecCodec(), spec);
    assertThat(back).isEqualTo(spec);
    assertThat(back.password()).isEqualTo("s3cr3t-generated");
    assertThat(back.sandbox()).isTrue();
    assertThat(spec.toString()).doesNotContain("s3cr3t-generated").contains("password=(hidden)");
  }

  @Test
  void sessionJobRoundTripsWithAndWithoutAPlatformSession() {
    assertThat(roundTrip(new SessionJobCodec(), new SessionJob(RUN, "s0001", 1, "admin", null))).isEqualTo(new SessionJob(RUN, "s0001", 1, "admin", null));
    SessionJob adopt = new SessionJob(RUN, "s0001", 2, "admin", "admin-firefox-browser-d40f9190");
    assertThat(roundTrip(new SessionJobCodec(), adopt)).isEqualTo(adopt);
  }

  @Test
  void sessionOutcomeRoundTripsFailedAndCompleted() {
    SessionOutcome failed = new SessionOutcome(RUN, "s0001", 1, "node-a", "admin-firefox-browser-1a791b8d", "k8s-agent-1",
        SessionOutcome.Outcome.FAILED, Phase.PROVISIONED,
        new Diagnosis("start-command-lost", List.of("202 at 05:23:12", "no Deployment by 30s", "")), null);
    assertThat(roundTrip(new SessionOutcomeCodec(), failed)).isEqualTo(failed);
    SessionOutcome ok = new SessionOutcome(RUN, "s0002", 1, "node-a", "x", null, SessionOutcome.Outcome.COMPLETED, null,
        null, new Isolation(true, true, "x"));
    assertThat(roundTrip(new SessionOutcomeCodec(), ok)).isEqualTo(ok);
    assertThat(ok.podUids()).isEmpty();
  }

  @Test
  void sessionOutcomeCarriesItsPodUidsInOrderAndRefusesVersionOne() {
    SessionOutcome replaced = new SessionOutcome(RUN, "s0003", 1, "node-a", "x", "k8s-agent-2",
        SessionOutcome.Outcome.COMPLETED, null, null, null, List.of("uid-2", "uid-1"));
    assertThat(roundTrip(new SessionOutcomeCodec(), replaced)).isEqualTo(replaced);
    assertThat(roundTrip(new SessionOutcomeCodec(), replaced).podUids()).containsExactly("uid-2", "uid-1");
    Buffer buffer = Buffer.buffer();
    new SessionOutcomeCodec().encodeToWire(buffer, replaced);
    buffer.setByte(4, (byte) 1);
    assertThatThrownBy(() -> new SessionOutcomeCodec().decodeFromWire(0, buffer))
        .hasMessageContaining("cannot read schema version 1 (this node reads 2)");
  }

  @Test
  void intervalHistogramRoundTripsItsBytes() {
    IntervalHistogram h = new IntervalHistogram(RUN, "node-b", 42, Phase.CLEANED_UP, 1, 2, new byte[] {1, 2, 3, -1});
    assertThat(roundTrip(new IntervalHistogramCodec(), h)).isEqualTo(h);
  }

  @Test
  void intervalHistogramRoundTripsOverTheEventBus() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Codecs.registerAll(vertx.eventBus());
      IntervalHistogram h = new IntervalHistogram(RUN, "node-a", 1, Phase.POD_READY, 10, 20, new byte[] {9, 8, 7});
      vertx.eventBus().<IntervalHistogram>consumer("h", m -> m.reply(m.body())).completion().await(5, TimeUnit.SECONDS);
      assertThat(vertx.eventBus().<IntervalHistogram>request("h", h).await(5, TimeUnit.SECONDS).body()).isEqualTo(h);
    } finally {
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void sharesRoundTrip() {
    assertThat(roundTrip(new ShareRequestCodec(), new ShareRequest(RUN, "w1", 2))).isEqualTo(new ShareRequest(RUN, "w1", 2));
    UserShare some = new UserShare(RUN, "w1", 3, false, List.of("load-01", "load-04"));
    assertThat(roundTrip(new UserShareCodec(), some)).isEqualTo(some);
    UserShare all = new UserShare(RUN, "w2", 1, true, List.of());
    assertThat(roundTrip(new UserShareCodec(), all)).isEqualTo(all);
  }

  @Test
  void unknownSchemaVersionFailsNamingCodecAndVersions() {
    Buffer buffer = Buffer.buffer();
    new SessionJobCodec().encodeToWire(buffer, new SessionJob(RUN, "s", 1, "admin", null));
    buffer.setByte(4, (byte) 9);
    assertThatThrownBy(() -> new SessionJobCodec().decodeFromWire(0, buffer))
        .hasMessage("codec loadstone.SessionJob: cannot read schema version 9 (this node reads 2); "
            + "run the same Loadstone version on every node");
  }

  @Test
  void registeredCodecsCarryRecordsOverTheEventBus() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Codecs.registerAll(vertx.eventBus());
      vertx.eventBus().<SessionJob>consumer("jobs", m -> m.reply(new PhaseEvent(m.body().run(), m.body().session(),
          m.body().attempt(), Phase.CREATED, 1, 2, 3, "n", "p", 1))).completion().await(5, TimeUnit.SECONDS);
      PhaseEvent reply = vertx.eventBus().<PhaseEvent>request("jobs", new SessionJob(RUN, "s7", 3, "ann", null))
          .await(5, TimeUnit.SECONDS).body();
      assertThat(reply.key()).isEqualTo(RUN + "/s7/3/created");
    } finally {
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void runIdsAreLabelSafeAndBadOnesAreRefused() {
    assertThat(RunId.generate().value()).matches("\\d{8}-\\d{6}-[0-9a-f]{4}");
    assertThatThrownBy(() -> new RunId("-bad")).hasMessageContaining("got \"-bad\"");
  }
}
