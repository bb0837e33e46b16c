package io.loadstone.worker.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AccessTokenTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final long T0 = 1_000_000_000L;

  private static String jwt(JsonObject claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".sig";
  }

  @Test
  void renewalIsDueAFifthOfTheLifetimeBeforeExpiresAt() {
    AccessToken token = AccessToken.from("a.b.c", NOW.plusSeconds(10).toString(), T0, NOW);
    assertThat(token.renewDue(T0 + Duration.ofMillis(7900).toNanos())).isFalse();
    assertThat(token.renewDue(T0 + Duration.ofMillis(8000).toNanos())).isTrue();
  }

  @Test
  void aDayLongTokenIsRenewedFiveMinutesBeforeExpiry() {
    AccessToken token = AccessToken.from("a.b.c", NOW.plus(Duration.ofHours(24)).toString(), T0, NOW);
    assertThat(token.renewDue(T0 + Duration.ofHours(24).minusMinutes(6).toNanos())).isFalse();
    assertThat(token.renewDue(T0 + Duration.ofHours(24).minusMinutes(5).toNanos())).isTrue();
  }

  @Test
  void aFarFutureExpiryDoesNotOverflow() {
    AccessToken token = AccessToken.from("a.b.c", "2999-01-01T00:00:00Z", T0, NOW);
    assertThat(token.renewDue(T0 + Duration.ofDays(30).toNanos())).isFalse();
  }

  @Test
  void anExpiresAtInThePastFallsBackToTheJwtLifetime() {
    String jwt = jwt(new JsonObject().put("iat", 100).put("exp", 110));
    AccessToken token = AccessToken.from(jwt, NOW.minusSeconds(1).toString(), T0, NOW);
    assertThat(token.renewDue(T0 + Duration.ofMillis(7900).toNanos())).isFalse();
    assertThat(token.renewDue(T0 + Duration.ofMillis(8000).toNanos())).isTrue();
  }

  @Test
  void withoutAnyExpiryTheTokenIsKeptUntilRefused() {
    AccessToken token = AccessToken.from("opaque-token", null, T0, NOW);
    assertThat(token.renewDue(T0 + Duration.ofDays(3650).toNanos())).isFalse();
    assertThat(token.toString()).doesNotContain("opaque-token");
  }
}
