package io.loadstone.worker.lifecycle;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * The one early stop an attempt may get: which, and a way to cut a wait short with it. Set once; later requests are
 * ignored. Confined to the lifecycle's context.
 */
final class StopSignal {
  private final Promise<Void> stopped = Promise.promise();
  private StopMode mode;

  /** False when a stop was already requested. */
  boolean request(StopMode requested) {
    if (mode != null) {
      return false;
    }
    mode = requested;
    stopped.tryComplete();
    return true;
  }

  /** The stop requested, or null. */
  StopMode mode() {
    return mode;
  }

  /** {@code step}'s result, or {@code failure} as soon as a stop is requested, whichever comes first. */
  <T> Future<T> unless(Future<T> step, Supplier<? extends Throwable> failure) {
    Promise<T> result = Promise.promise();
    step.onComplete(ar -> {
      if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else {
        result.tryFail(ar.cause());
      }
    });
    stopped.future().onComplete(v -> result.tryFail(failure.get()));
    return result.future();
  }
}
