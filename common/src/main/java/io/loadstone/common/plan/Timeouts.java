package io.loadstone.common.plan;

import java.time.Duration;

/**
 * How long each phase may take before the session fails at that phase (it is still deleted and its cleanup
 * watched). {@code provisioned}, {@code podReady} and {@code running} count from the create request,
 * {@code tunnelUp} from the VNC connection attempt, {@code cleanedUp} from the delete request.
 */
public record Timeouts(Duration provisioned, Duration podReady, Duration running, Duration tunnelUp,
                       Duration cleanedUp) {
  public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(120),
      Duration.ofSeconds(150), Duration.ofSeconds(20), Duration.ofSeconds(60));
}
