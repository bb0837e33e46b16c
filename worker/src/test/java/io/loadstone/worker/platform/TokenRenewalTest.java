package io.loadstone.worker.platform;

import static io.loadstone.worker.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.sandbox.testing.TestSandbox;
import io.loadstone.worker.TestSupport;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens that live two seconds: the client renews before expiry and calls keep working across it. */
class TokenRenewalTest {
  private static TestSandbox sandbox;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    sandbox = TestSupport.startSandbox("tokenTtl: 2s", "");
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    result(vertx.close());
    sandbox.close();
  }

  @Test
  void callsKeepWorkingWhileTheTokenExpiresAndIsRenewed() {
    PlatformClient client = TestSupport.adminClient(vertx, sandbox);
    try {
      String first = result(client.bearerToken());
      // every list call across two token lifetimes and more must succeed; none may surface a 401
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      AtomicInteger calls = new AtomicInteger();
      long endNanos = System.nanoTime() + Duration.ofMillis(4500).toNanos();
      Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
        calls.incrementAndGet();
        client.listSessions("admin").toCompletionStage().toCompletableFuture()
            .handle((ok, err) -> err == null || !failures.add(err)).get();
        return System.nanoTime() - endNanos > 0;
      });
      assertThat(failures).isEmpty();
      assertThat(calls.get()).isGreaterThan(20);
      assertThat(result(client.bearerToken())).isNotEqualTo(first);
    } finally {
      client.close();
    }
  }

  @Test
  void anExpiredTokenIsRenewedBeforeTheNextCall() {
    PlatformClient client = TestSupport.adminClient(vertx, sandbox);
    try {
      String first = result(client.bearerToken());
      // the same token is reused while it is fresh
      assertThat(result(client.bearerToken())).isEqualTo(first);
      Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
          .until(() -> !result(client.bearerToken()).equals(first));
      assertThat(result(client.listSessions(null)).sessions()).isNotNull();
    } finally {
      client.close();
    }
  }
}
