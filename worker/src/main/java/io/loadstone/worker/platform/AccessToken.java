package io.loadstone.worker.platform;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * A login's JWT and when to renew it, on this JVM's monotonic clock. The lifetime is taken from {@code expiresAt}
 * (falling back to the JWT's {@code exp - iat} when {@code expiresAt} is missing or already past, i.e. the clocks
 * disagree); renewal is due a fifth of the lifetime before expiry, at most {@link #MAX_RENEW_MARGIN} before.
 * {@link #toString()} never shows the token.
 */
final class AccessToken {
  static final Duration MAX_RENEW_MARGIN = Duration.ofMinutes(5);
  /** longer lifetimes are treated as this long, which keeps nanosecond arithmetic far from overflow */
  static final Duration MAX_TTL = Duration.ofDays(365);

  private final String jwt;
  private final long renewAtNanos;
  private final boolean renewable;

  private AccessToken(String jwt, long renewAtNanos, boolean renewable) {
    this.jwt = jwt;
    this.renewAtNanos = renewAtNanos;
    this.renewable = renewable;
  }

  /** {@code receivedNanos}: when the login answer arrived; {@code now}: the wall clock at that moment. */
  static AccessToken from(String jwt, String expiresAt, long receivedNanos, Instant now) {
    Duration ttl = ttlFromExpiresAt(expiresAt, now);
    if (ttl == null) {
      ttl = ttlFromJwt(jwt);
    }
    if (ttl == null) {
      // nothing tells when it expires: keep it until the platform answers 401
      return new AccessToken(jwt, Long.MAX_VALUE, false);
    }
    if (ttl.compareTo(MAX_TTL) > 0) {
      ttl = MAX_TTL;
    }
    Duration margin = ttl.dividedBy(5);
    if (margin.compareTo(MAX_RENEW_MARGIN) > 0) {
      margin = MAX_RENEW_MARGIN;
    }
    return new AccessToken(jwt, receivedNanos + ttl.minus(margin).toNanos(), true);
  }

  String jwt() {
    return jwt;
  }

  boolean renewDue(long nowNanos) {
    return renewable && nowNanos - renewAtNanos >= 0;
  }

  private static Duration ttlFromExpiresAt(String expiresAt, Instant now) {
    if (expiresAt == null || expiresAt.isBlank()) {
      return null;
    }
    try {
      Duration ttl = Duration.between(now, Instant.parse(expiresAt));
      return ttl.isNegative() || ttl.isZero() ? null : ttl;
    } catch (DateTimeParseException e) {
      try {
        Duration ttl = Duration.between(now, java.time.OffsetDateTime.parse(expiresAt).toInstant());
        return ttl.isNegative() || ttl.isZero() ? null : ttl;
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  private static Duration ttlFromJwt(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      return null;
    }
    try {
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      Long exp = claims.getLong("exp");
      Long iat = claims.getLong("iat");
      return exp == null || iat == null || exp <= iat ? null : Duration.ofSeconds(exp - iat);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "AccessToken[***]";
  }
}
