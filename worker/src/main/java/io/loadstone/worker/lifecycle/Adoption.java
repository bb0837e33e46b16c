package io.loadstone.worker.lifecycle;

import io.loadstone.common.message.Diagnosis;
import io.loadstone.common.message.SessionJob;
import io.loadstone.common.phase.Phase;
import io.vertx.core.Future;
import java.util.List;

/**
 * What a later attempt finds of the platform session it takes over from a lost worker (the job names it): its API
 * state, classified, and whether its Deployment, Service and pod are in this worker's informer caches.
 *
 * @param state     the platform's state, as read
 * @param stage     where the session is in its life, from {@code state}
 * @param objects   the Deployment and the Service are there
 * @param podIp     the pod's IP, or null
 */
record Adoption(String state, Stage stage, boolean objects, String podIp) {
  /** Where an adopted session is. */
  enum Stage {
    /** running: on to the checks, hold and delete */
    RUNNING,
    /** not running yet: wait for it, the running timeout counted from the takeover */
    STARTING,
    /** the lost attempt had deleted it: only its cleanup is left to see */
    ENDING,
    /** the platform marked it failed */
    FAILED;

    static Stage of(String state) {
      return switch (state == null ? "" : state) {
        case "running" -> RUNNING;
        case "terminating", "terminated" -> ENDING;
        case "failed" -> FAILED;
        default -> STARTING;
      };
    }
  }

  /**
   * GETs the session and looks it up in the informers; fails with a {@link PhaseFailure} at running when the platform
   * cannot be asked or no longer knows it.
   */
  static Future<Adoption> look(LifecycleServices services, SessionJob job) {
    String id = job.platformSession();
    return services.platform().getSession(id)
        .recover(cause -> Future.failedFuture(new PhaseFailure(Phase.RUNNING,
            Evidence.apiError("GET /api/v1/sessions/" + id, cause, 0))))
        .compose(view -> {
          if (view.isEmpty()) {
            return Future.failedFuture(new PhaseFailure(Phase.RUNNING, new Diagnosis("adopted-session-missing",
                List.of("attempt " + job.attempt() + " took over " + id + " from a lost worker: GET answered 404"))));
          }
          String state = view.get().state();
          boolean objects = services.kube().deployment(id).isPresent() && services.kube().service(id).isPresent();
          String ip = services.kube().pods(id).stream()
              .filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null)
              .map(p -> p.getStatus().getPodIP()).findFirst().orElse(null);
          return Future.succeededFuture(new Adoption(state, Stage.of(state), objects, ip));
        });
  }
}
