package io.loadstone.worker;

import static org.assertj.core.api.Assertions.fail;

import io.loadstone.sandbox.testing.TestSandbox;
import io.loadstone.worker.platform.PlatformClient;
import io.loadstone.worker.platform.PlatformTarget;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting on futures from test threads, and the few fixtures every worker test needs. */
public final class TestSupport {
  public static final int WAIT_SECONDS = 15;

  private TestSupport() {
  }

  public static <T> T result(Future<T> future) {
    return TestSandbox.sync(future, WAIT_SECONDS);
  }

  /** The cause the future failed with; fails the test if it succeeded or did not complete in time. */
  public static Throwable failure(Future<?> future) {
    CompletableFuture<?> f = future.toCompletionStage().toCompletableFuture();
    try {
      Object value = f.get(WAIT_SECONDS, TimeUnit.SECONDS);
      return fail("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      return fail("no outcome within " + WAIT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  /** A loopback port nothing listens on (bound, then released). */
  public static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A fast sandbox whose agent survives a starved event loop: the fast preset drops an agent silent for 600 ms, which
   * a loaded two-core machine sometimes reaches. These tests are not about agent liveness, so they allow seconds.
   *
   * @param moreTimings further {@code timings} entries, e.g. {@code "tokenTtl: 2s"} ("" for none)
   * @param otherYaml   other top-level sandbox config lines ("" for none)
   */
  public static TestSandbox startSandbox(String moreTimings, String otherYaml) {
    String timings = "staleAfter: 5s, selectionWindow: 10s, wsPongWait: 5s" + (moreTimings.isEmpty() ? "" : ", " + moreTimings);
    return TestSandbox.start("timings: {" + timings + "}\n" + otherYaml);
  }

  /** A client logged in as the sandbox's admin. */
  public static PlatformClient adminClient(io.vertx.core.Vertx vertx, TestSandbox sandbox) {
    var ep = sandbox.endpoints();
    return PlatformClient.create(vertx, PlatformTarget.of(ep.api(), ep.username(), ep.password()));
  }
}
