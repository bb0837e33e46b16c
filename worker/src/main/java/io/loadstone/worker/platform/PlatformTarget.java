package io.loadstone.worker.platform;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the platform's control plane is and how to log in to it. {@link #toString()} never shows the password.
 *
 * @param apiUrl         base URL of the control plane, {@code http://host:8000} or {@code https://...} (no path)
 * @param username       the account every session of this worker is created with a token of
 * @param password       that account's password; never logged
 * @param requestTimeout limit on every REST call (connect, send, whole answer)
 * @param insecureTls    accept any TLS certificate (test platforms with self-signed certificates only)
 * @param maxConnections HTTP connections kept to the control plane
 * @param usersPassword  the password of the sessions' other owners (a plan's {@code sessions.users}), whose tokens
 *                       open their VNC connections; null when unknown; never logged
 */
public record PlatformTarget(String apiUrl, String username, String password, Duration requestTimeout,
                             boolean insecureTls, int maxConnections, String usersPassword) {
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_CONNECTIONS = 16;
  /** The most connections {@link #sizedFor} opens to one platform. */
  public static final int MAX_POOLED_CONNECTIONS = 64;

  public PlatformTarget {
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    URI uri = URI.create(apiUrl);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("apiUrl: expected http://host:port or https://host, got \"" + apiUrl + "\"");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout: expected a positive duration, got " + requestTimeout);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections: expected >= 1, got " + maxConnections);
    }
    apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
  }

  /** The defaults: 10 s per call, certificates verified, 16 connections. */
  public static PlatformTarget of(String apiUrl, String username, String password) {
    return new PlatformTarget(apiUrl, username, password, DEFAULT_REQUEST_TIMEOUT, false, DEFAULT_MAX_CONNECTIONS,
        null);
  }

  /** The same target, knowing the password of the sessions' other owners. */
  public PlatformTarget withUsersPassword(String password) {
    return new PlatformTarget(apiUrl, username, this.password, requestTimeout, insecureTls, maxConnections, password);
  }

  /** The same target with room for {@code connections} requests on the wire at once. */
  public PlatformTarget withMaxConnections(int connections) {
    return new PlatformTarget(apiUrl, username, password, requestTimeout, insecureTls, connections, usersPassword);
  }

  /**
   * Room for a worker running {@code sessions} at once: more connections than the default, so the creates of a burst
   * are not queued behind each other in the client (a wait the phase times no longer count, but still a wait), yet
   * never more than {@value #MAX_POOLED_CONNECTIONS}: a burst of 1,000 must not open 1,000 connections to a real
   * platform (the fidelity bench saw no gain beyond the queue moving into the platform).
   */
  public PlatformTarget sizedFor(int sessions) {
    return withMaxConnections(Math.min(MAX_POOLED_CONNECTIONS, Math.max(maxConnections, sessions)));
  }

  public PlatformTarget withRequestTimeout(Duration timeout) {
    return new PlatformTarget(apiUrl, username, password, timeout, insecureTls, maxConnections, usersPassword);
  }

  public boolean https() {
    return apiUrl.startsWith("https:");
  }

  @Override
  public String toString() {
    return "PlatformTarget[apiUrl=" + apiUrl + ", username=" + username + ", password=***, usersPassword=" + (usersPassword == null ? "none" : "***") + ", requestTimeout="
        + requestTimeout + ", insecureTls=" + insecureTls + ", maxConnections=" + maxConnections + "]";
  }
}
