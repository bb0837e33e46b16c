package io.loadstone.sandbox.controlplane;

import io.loadstone.sandbox.config.UserSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login and the JWT checks in front of every protected route. Tokens are HS256 with the sandbox's secret and carry
 * {@code user_id}, {@code username} and {@code role}; {@code user_id} is the user name, because the platform compares
 * it with a session's {@code user} (the VNC owner check).
 */
final class AuthApi {
  private static final Logger LOG = LoggerFactory.getLogger(AuthApi.class);
  private static final String PRINCIPAL = "loadstone.principal";

  /** who a valid token speaks for */
  record Principal(String username, String role) {
    boolean admin() {
      return "admin".equals(role);
    }
  }

  private final Accounts accounts;
  private final JWTAuth jwt;
  private final Duration tokenTtl;

  AuthApi(Vertx vertx, Accounts accounts, String jwtSecret, Duration tokenTtl) {
    this.accounts = accounts;
    this.tokenTtl = tokenTtl;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(jwtSecret)));
  }

  /** POST /api/v1/auth/login */
  void login(RoutingContext ctx) {
    String username;
    String password;
    try {
      JsonObject body = Replies.bodyObject(ctx);
      username = Replies.optString(body, "username");
      password = Replies.optString(body, "password");
    } catch (Replies.BadRequest e) {
      e.reply(ctx);
      return;
    }
    if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
      Replies.error(ctx, 400, "Invalid request body", "username and password are required");
      return;
    }
    Optional<UserSpec> user = accounts.verify(username, password);
    if (user.isEmpty()) {
      LOG.info("login refused for user {}: invalid credentials", username);
      Replies.error(ctx, 401, "Invalid credentials", "Invalid username or password");
      return;
    }
    if (user.get().disabled()) {
      LOG.info("login refused for user {}: account disabled", username);
      Replies.error(ctx, 403, "Account is disabled", "Your account has been disabled. Contact an administrator.");
      return;
    }
    long ttlSeconds = Math.max(1, tokenTtl.toSeconds());
    String token = jwt.generateToken(
        new JsonObject().put("user_id", username).put("username", username).put("role", user.get().role()),
        new JWTOptions().setAlgorithm("HS256").setSubject(username).setExpiresInSeconds((int) Math.min(ttlSeconds, Integer.MAX_VALUE)));
    Replies.json(ctx, 200, new JsonObject()
        .put("token", token)
        .put("expiresAt", Instant.now().plusSeconds(ttlSeconds).toString())
        .put("user", accounts.toJson(user.get())));
  }

  /** Route handler: 401 unless the request carries a valid Bearer token (or, for WebSockets, ?token=). */
  void requireUser(RoutingContext ctx) {
    String token = token(ctx);
    if (token == null) {
      Replies.error(ctx, 401, "Unauthorized", "Authorization header with a Bearer token is required");
      return;
    }
    authenticate(token).onComplete(ar -> {
      if (ar.failed()) {
        Replies.error(ctx, 401, "Unauthorized", "Invalid or expired token");
        return;
      }
      ctx.put(PRINCIPAL, ar.result());
      ctx.next();
    });
  }

  /** Route handler after {@link #requireUser}: 403 unless the token's role is admin. */
  void requireAdmin(RoutingContext ctx) {
    Principal principal = principal(ctx);
    if (principal == null || !principal.admin()) {
      Replies.error(ctx, 403, "Forbidden", "Admin access required");
      return;
    }
    ctx.next();
  }

  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  /** Verifies signature and expiry; fails for an account that no longer exists or is disabled. */
  Future<Principal> authenticate(String token) {
    return jwt.authenticate(new TokenCredentials(token)).compose(user -> {
      JsonObject claims = user.principal();
      String username = claims.getString("user_id", claims.getString("sub"));
      Optional<UserSpec> account = username == null ? Optional.empty() : accounts.find(username);
      if (account.isEmpty() || account.get().disabled()) {
        return Future.failedFuture("unknown or disabled account");
      }
      return Future.succeededFuture(new Principal(username, account.get().role()));
    });
  }

  /** Bearer header first, then {@code ?token=} (browsers cannot set headers on a WebSocket). */
  static String token(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String t = header.substring(7).trim();
      return t.isEmpty() ? null : t;
    }
    String query = ctx.request().getParam("token");
    return query == null || query.isBlank() ? null : query;
  }
}
