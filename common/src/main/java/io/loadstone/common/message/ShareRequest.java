package io.loadstone.common.message;

import java.util.Objects;

/**
 * A worker asking which users it runs sessions for (request to {@code Addresses.shares(run)}; the answer is a
 * {@link UserShare}). The orchestrator holds it until the worker's share is newer than {@code known}, so the request
 * is also the worker's word that it now observes every user of share {@code known}: only then are those users' jobs
 * handed to it.
 *
 * @param known the generation of the last share this worker observes, 0 before its first
 */
public record ShareRequest(RunId run, String worker, int known) {
  public ShareRequest {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(worker, "worker");
    if (known < 0) {
      throw new IllegalArgumentException("known: expected >= 0, got " + known);
    }
  }
}
