package io.loadstone.common.message.codec;

import io.loadstone.common.message.IntervalHistogram;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunOffer;
import io.loadstone.common.message.RunSpec;
import io.loadstone.common.message.SessionHandback;
import io.loadstone.common.message.EndHold;
import io.loadstone.common.message.ShareRequest;
import io.loadstone.common.message.UserShare;
import io.loadstone.common.message.WorkerHello;
import io.loadstone.common.message.SessionJob;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.common.phase.Phase;
import io.vertx.core.eventbus.EventBus;

/** Registers every Loadstone message codec as its record's default codec; call once per node at startup. */
public final class Codecs {
  private Codecs() {
  }

  public static void registerAll(EventBus bus) {
    bus.registerDefaultCodec(PhaseEvent.class, new PhaseEventCodec());
    bus.registerDefaultCodec(SessionJob.class, new SessionJobCodec());
    bus.registerDefaultCodec(SessionOutcome.class, new SessionOutcomeCodec());
    bus.registerDefaultCodec(IntervalHistogram.class, new IntervalHistogramCodec());
    bus.registerDefaultCodec(RunOffer.class, new RunOfferCodec());
    bus.registerDefaultCodec(WorkerHello.class, new WorkerHelloCodec());
    bus.registerDefaultCodec(RunSpec.class, new RunSpecCodec());
    bus.registerDefaultCodec(SessionHandback.class, new SessionHandbackCodec());
    bus.registerDefaultCodec(EndHold.class, new EndHoldCodec());
    bus.registerDefaultCodec(ShareRequest.class, new ShareRequestCodec());
    bus.registerDefaultCodec(UserShare.class, new UserShareCodec());
  }

  static Phase phase(String jsonName) {
    return Phase.byId(jsonName)
        .orElseThrow(() -> new IllegalStateException("unknown phase on the wire: \"" + jsonName + "\""));
  }
}
