package io.loadstone.worker.lifecycle;

import io.loadstone.common.message.Isolation;
import io.loadstone.common.message.SessionJob;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.Check;
import io.loadstone.worker.vnc.RfbResult;
import io.loadstone.worker.vnc.VncProtocolException;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running session's checks, as the plan asks: the VNC probe through the platform (its desktop must be the
 * session's own) and the isolation check (own objects, limits, desktop).
 */
final class SessionChecks {
  private static final Logger LOG = LoggerFactory.getLogger(SessionChecks.class);

  /**
   * What the checks found.
   *
   * @param isolation     the isolation check's finding, or null when it did not run
   * @param tunnelUpNanos when the RFB ServerInit arrived (this node's clock), or -1 without the VNC check
   * @param failure       why the session fails at tunnelUp, or null
   */
  record Result(Isolation isolation, long tunnelUpNanos, PhaseFailure failure) {
  }

  private SessionChecks() {
  }

  /**
   * @param adopted         the attempt took the session over from a lost worker (see {@link #probe})
   * @param createSentNanos the origin of the times quoted in the evidence
   */
  static Future<Result> run(LifecycleServices services, SessionJob job, String sessionId, String podIp,
                            boolean adopted, long createSentNanos) {
    boolean vnc = services.plan().checks().contains(Check.VNC);
    boolean iso = services.plan().checks().contains(Check.ISOLATION);
    if (!vnc) {
      // without the VNC check there is no desktop to compare (Check.ISOLATION's contract)
      return Future.succeededFuture(new Result(iso ? Isolations.check(services, sessionId, podIp, null) : null, -1,
          null));
    }
    long probeStart = System.nanoTime();
    Duration limit = services.plan().timeouts().tunnelUp();
    return probe(services, job, sessionId, adopted, limit).transform(ar -> {
      if (ar.failed()) {
        return Future.succeededFuture(new Result(null, -1, new PhaseFailure(Phase.TUNNEL_UP,
            Evidence.vncUnreachable(ar.cause(), SessionLifecycle.millisSince(createSentNanos, probeStart), limit))));
      }
      RfbResult r = ar.result();
      Isolation isolation = iso ? Isolations.check(services, sessionId, podIp, r.desktopName()) : null;
      PhaseFailure failure = r.desktopIs(sessionId) ? null : new PhaseFailure(Phase.TUNNEL_UP,
          Evidence.crossWired(sessionId, r, SessionLifecycle.millisSince(createSentNanos, r.serverInitNanos())));
      return Future.succeededFuture(new Result(isolation, r.serverInitNanos(), failure));
    });
  }

  /**
   * The VNC probe. An adopter tries twice, a second apart, when the first handshake is garbled: the platform routes a
   * session's VNC bytes by session id alone, and the lost worker's viewer, cut off mid-handshake, can have left its
   * server's bytes in flight to whoever connects next (seen after a kill -9 in the cluster test).
   */
  private static Future<RfbResult> probe(LifecycleServices services, SessionJob job, String sessionId,
                                         boolean adopted, Duration limit) {
    Future<RfbResult> first = services.vnc().probe(sessionId, job.user()).timeout(limit.toMillis(),
        TimeUnit.MILLISECONDS);
    if (!adopted) {
      return first;
    }
    return first.recover(cause -> {
      if (!(cause instanceof VncProtocolException)) {
        return Future.failedFuture(cause);
      }
      LOG.info("run {} session {} attempt {} ({}): VNC handshake garbled after the takeover ({}); probing again",
          job.run(), job.session(), job.attempt(), sessionId, cause.getMessage());
      return services.vertx().timer(1, TimeUnit.SECONDS)
          .compose(v -> services.vnc().probe(sessionId, job.user()).timeout(limit.toMillis(), TimeUnit.MILLISECONDS));
    });
  }
}
