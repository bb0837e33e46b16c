package io.loadstone.worker.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's client of the platform's REST API ({@code /api/v1}), over http or https.
 * <p>
 * One token per client: the first call logs in, later calls reuse the token, and it is renewed shortly before its
 * {@code expiresAt} (concurrent calls share one login). A call answered 401 gets one fresh login and is sent once
 * more, since a rejected token means the platform did nothing. Every call is bounded by the target's request
 * timeout.
 * <p>
 * Failures, as the returned futures' causes: {@link PlatformException} when the platform answered otherwise than
 * expected (status, {@code error}, {@code message}, body excerpt), {@link LoginRefusedException} for refused
 * credentials, {@link PlatformUnreachableException} when no answer came. Neither the password nor the token ever
 * appears in a log line or an exception. Thread-safe; futures complete on a Vert.x context, not necessarily the
 * caller's.
 * <p>
 * The answers that start a measurement (create, delete) carry the instant their request went on the wire: taken
 * once a pooled connection was assigned, so time spent waiting for the token or for a free connection in this
 * client is never counted as the platform's.
 * <pre>
 * PlatformClient platform = PlatformClient.create(vertx, PlatformTarget.of(url, "admin", password));
 * platform.createSession(request).compose(created -> platform.getSession(created.name()))...
 * </pre>
 */
public final class PlatformClient {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformClient.class);

  private final PlatformTarget target;
  private final HttpClientAgent http;
  private final long timeoutMillis;
  private final Object lock = new Object();
  private Future<AccessToken> token;
  /** tokens of the sessions' other owners, for their VNC connections (the platform lets only the owner view) */
  private final Map<String, Future<AccessToken>> ownerTokens = new HashMap<>();

  private PlatformClient(Vertx vertx, PlatformTarget target) {
    this.target = target;
    this.timeoutMillis = target.requestTimeout().toMillis();
    HttpClientOptions options = new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
        .setKeepAlive(true);
    if (target.insecureTls()) {
      options.setTrustAll(true).setVerifyHost(false);
    }
    this.http = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(target.maxConnections()));
  }

  public static PlatformClient create(Vertx vertx, PlatformTarget target) {
    return new PlatformClient(vertx, target);
  }

  public PlatformTarget target() {
    return target;
  }

  /** The control plane's base URL, without a trailing slash. */
  public String apiUrl() {
    return target.apiUrl();
  }

  /** Logs in now, replacing the current token. Fails with {@link LoginRefusedException} on refused credentials. */
  public Future<Void> login() {
    Future<AccessToken> login;
    synchronized (lock) {
      login = doLogin(target.username(), target.password());
      token = login;
    }
    return login.mapEmpty();
  }

  /**
   * A valid token (logging in or renewing first if needed), for the one place that cannot send a header: the VNC
   * WebSocket's {@code ?token=}. Never log it.
   */
  public Future<String> bearerToken() {
    return validToken().map(AccessToken::jwt);
  }

  /**
   * A valid token of {@code user}, the owner of a session to view: the login's own, or one logged in (and renewed) with
   * the target's users' password. Never log it.
   */
  public Future<String> bearerToken(String user) {
    if (user.equals(target.username())) {
      return bearerToken();
    }
    if (target.usersPassword() == null) {
      return Future.failedFuture(new LoginRefusedException(0, "No password",
          "only the owner may view a session, and no password is known for user " + user
              + " (give target.usersPasswordEnv or target.usersPasswordFile)", null));
    }
    synchronized (lock) {
      Future<AccessToken> current = ownerTokens.get(user);
      if (current == null || current.failed() || current.succeeded() && current.result().renewDue(System.nanoTime())) {
        current = doLogin(user, target.usersPassword());
        ownerTokens.put(user, current);
      }
      return current.map(AccessToken::jwt);
    }
  }

  /** {@code POST /api/v1/sessions}; the platform answers 202 (its code) or 201 (its test plans): both accepted. */
  public Future<CreatedSession> createSession(CreateSessionRequest request) {
    return authed("createSession", HttpMethod.POST, "/api/v1/sessions", request.toJson())
        .compose(resp -> resp.success()
            ? resp.json("createSession").map(json -> CreatedSession.fromJson(json, resp.sentNanos()))
            : Future.failedFuture(resp.failure("createSession")));
  }

  /** {@code GET /api/v1/sessions/{id}}; empty on 404. */
  public Future<Optional<SessionView>> getSession(String sessionId) {
    return authed("getSession", HttpMethod.GET, "/api/v1/sessions/" + segment(sessionId), null).compose(resp -> {
      if (resp.statusCode() == 404) {
        return Future.succeededFuture(Optional.empty());
      }
      return resp.success() ? resp.json("getSession").map(json -> Optional.of(SessionView.fromJson(json)))
          : Future.failedFuture(resp.failure("getSession"));
    });
  }

  /** {@code GET /api/v1/sessions[?user=]}; {@code user} null lists every session the token may see. */
  public Future<SessionList> listSessions(String user) {
    return sessionsAnswer(user).compose(resp -> {
      long receivedNanos = System.nanoTime();
      return resp.json("listSessions").compose(json -> {
        if (!(json.getValue("sessions") instanceof JsonArray array)) {
          return Future.failedFuture(resp.invalid("listSessions", SESSIONS_SHAPE));
        }
        List<SessionView> sessions = new ArrayList<>(array.size());
        for (Object item : array) {
          if (item instanceof JsonObject session) {
            sessions.add(SessionView.fromJson(session));
          }
        }
        int total = json.getValue("total") instanceof Number n ? n.intValue() : sessions.size();
        return Future.succeededFuture(new SessionList(sessions, total, receivedNanos));
      });
    });
  }

  /**
   * {@code GET /api/v1/sessions[?user=]} read for the states only ({@link StateList}): what the API-state follower
   * polls, without decoding sessions it has no news of.
   */
  public Future<StateList> listStates(String user) {
    return sessionsAnswer(user).compose(resp -> {
      long receivedNanos = System.nanoTime();
      try {
        return Future.succeededFuture(StateList.parse(resp.body(), receivedNanos));
      } catch (IOException e) {
        return Future.failedFuture(resp.invalid("listSessions", SESSIONS_SHAPE));
      }
    });
  }

  private static final String SESSIONS_SHAPE = "expected {\"sessions\": [...], \"total\": n}";

  /** A successful answer of {@code GET /api/v1/sessions[?user=]}; an error answer fails as PlatformException. */
  private Future<Reply> sessionsAnswer(String user) {
    String path = "/api/v1/sessions" + (user == null ? "" : "?user=" + query(user));
    return authed("listSessions", HttpMethod.GET, path, null).compose(resp -> resp.success()
        ? Future.succeededFuture(resp) : Future.failedFuture(resp.failure("listSessions")));
  }

  /**
   * {@code DELETE /api/v1/sessions/{id}}: the stop command's id (null if the answer has none) and when the request
   * went on the wire. 404 unknown and 409 already terminating (or no agent yet) fail as {@link PlatformException}.
   */
  public Future<StopAccepted> deleteSession(String sessionId) {
    return authed("deleteSession", HttpMethod.DELETE, "/api/v1/sessions/" + segment(sessionId), null)
        .compose(resp -> resp.success()
            ? resp.json("deleteSession").map(json -> new StopAccepted(
                json.getValue("commandId") instanceof String c ? c : null, resp.sentNanos()))
            : Future.failedFuture(resp.failure("deleteSession")));
  }

  /**
   * {@code GET /api/v1/admin/agents/{id}} (needs an admin token): the agent's row as the platform reports it
   * ({@code status}, {@code lastHeartbeat}, ...); empty on 404.
   */
  public Future<Optional<JsonObject>> getAgent(String agentId) {
    return authed("getAgent", HttpMethod.GET, "/api/v1/admin/agents/" + segment(agentId), null).compose(resp -> {
      if (resp.statusCode() == 404) {
        return Future.succeededFuture(Optional.empty());
      }
      return resp.success() ? resp.json("getAgent").map(Optional::of)
          : Future.failedFuture(resp.failure("getAgent"));
    });
  }

  /**
   * {@code GET /api/v1/admin/agents} (needs an admin token): every registered agent, in the platform's order. A
   * refusal (403: the user is not an admin) fails as a {@link PlatformException} that says so; rows without an
   * agent id are skipped.
   */
  public Future<List<AgentView>> agents() {
    return authed("listAgents", HttpMethod.GET, "/api/v1/admin/agents", null).compose(resp -> {
      if (resp.statusCode() == 403) {
        PlatformException refused = resp.failure("listAgents");
        return Future.failedFuture(new PlatformException("listAgents", 403, refused.error(),
            "GET /api/v1/admin/agents needs an admin account; user " + target.username() + " is not one"
                + (refused.platformMessage() == null ? "" : " (" + refused.platformMessage() + ")"),
            refused.bodyExcerpt()));
      }
      if (!resp.success()) {
        return Future.failedFuture(resp.failure("listAgents"));
      }
      return resp.json("listAgents").compose(json -> {
        if (!(json.getValue("agents") instanceof JsonArray array)) {
          return Future.failedFuture(resp.invalid("listAgents", "expected {\"agents\": [...], \"total\": n}"));
        }
        List<AgentView> agents = new ArrayList<>(array.size());
        for (Object item : array) {
          if (item instanceof JsonObject row) {
            AgentView agent = AgentView.fromJson(row);
            if (agent.agentId() != null) {
              agents.add(agent);
            }
          }
        }
        return Future.succeededFuture(List.copyOf(agents));
      });
    });
  }

  /** Closes the HTTP connections; calls in flight fail. */
  public Future<Void> close() {
    return http.close();
  }

  private Future<AccessToken> validToken() {
    synchronized (lock) {
      Future<AccessToken> current = token;
      boolean usable = current != null && !current.failed()
          && !(current.succeeded() && current.result().renewDue(System.nanoTime()));
      if (!usable) {
        if (current != null && current.succeeded()) {
          LOG.info("renewing the platform token of user {} before it expires", target.username());
        }
        current = doLogin(target.username(), target.password());
        token = current;
      }
      return current;
    }
  }

  private void invalidate(AccessToken rejected) {
    synchronized (lock) {
      if (token != null && token.succeeded() && token.result() == rejected) {
        token = null;
      }
    }
  }

  private Future<AccessToken> doLogin(String username, String password) {
    JsonObject body = new JsonObject().put("username", username).put("password", password);
    return send("login", HttpMethod.POST, "/api/v1/auth/login", body, null).compose(resp -> {
      long receivedNanos = System.nanoTime();
      int status = resp.statusCode();
      if (status == 401 || status == 403) {
        PlatformException f = resp.failure("login");
        LOG.warn("login of user {} at {} refused: HTTP {} {}", username, target.apiUrl(), status, f.error());
        return Future.failedFuture(new LoginRefusedException(status, f.error(), f.platformMessage(), f.bodyExcerpt()));
      }
      if (!resp.success()) {
        return Future.failedFuture(resp.failure("login"));
      }
      // the body holds the token: never quote it in an error
      JsonObject json;
      try {
        json = resp.bodyAsJsonObject();
      } catch (DecodeException e) {
        json = null;
      }
      String jwt = json == null ? null : json.getValue("token") instanceof String t && !t.isBlank() ? t : null;
      if (jwt == null) {
        return Future.failedFuture(new PlatformException("login", status, "Invalid response",
            "the login answer has no token", null));
      }
      String expiresAt = json.getValue("expiresAt") instanceof String e ? e : null;
      LOG.info("logged in to {} as {} (token expires at {})", target.apiUrl(), username, expiresAt);
      return Future.succeededFuture(AccessToken.from(jwt, expiresAt, receivedNanos, Instant.now()));
    });
  }

  private Future<Reply> authed(String operation, HttpMethod method, String path, JsonObject body) {
    return validToken().compose(first -> send(operation, method, path, body, first.jwt()).compose(resp -> {
      if (resp.statusCode() != 401) {
        return Future.succeededFuture(resp);
      }
      LOG.info("{}: token refused (401), logging in again as {}", operation, target.username());
      invalidate(first);
      return validToken().compose(second -> send(operation, method, path, body, second.jwt()));
    }));
  }

  private Future<Reply> send(String operation, HttpMethod method, String path, JsonObject body,
                                            String jwt) {
    String url = target.apiUrl() + path;
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
        .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis)
        .putHeader(HttpHeaders.USER_AGENT, "loadstone-worker").putHeader(HttpHeaders.ACCEPT, "application/json");
    if (jwt != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + jwt);
    }
    Future<Reply> sent = http.request(options).compose(request -> {
      // the connection is ours from here: this instant is the request's send, not its wait for a pooled connection
      long sentNanos = System.nanoTime();
      Future<io.vertx.core.http.HttpClientResponse> response;
      if (body == null) {
        response = request.send();
      } else {
        request.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        response = request.send(body.toBuffer());
      }
      return response.compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b, sentNanos)));
    });
    return sent.timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .recover(cause -> Future.failedFuture(new PlatformUnreachableException(operation, url, cause)));
  }

  /** Percent-encodes one path segment (session ids are plain, but a stray character must not change the path). */
  static String segment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static String query(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "PlatformClient[" + target + "]";
  }
}
