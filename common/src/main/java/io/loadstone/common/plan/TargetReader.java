package io.loadstone.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code target:}. Secrets never go in plans: a literal password (or token, API key, secret) is an error
 * that never repeats the value, and so is anything that might be the password typed in the wrong field.
 */
final class TargetReader {
  private static final List<String> KEYS = List.of("api", "username", "passwordEnv", "passwordFile", "kubeconfig",
      "namespace", "usersPasswordEnv", "usersPasswordFile");
  private static final Set<String> SECRET_KEYS = Set.of("password", "token", "apikey", "apitoken", "secret", "bearertoken");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private TargetReader() {
  }

  static Target read(Section top) {
    Section t = top.section("target",
        "a mapping like {api: \"https://streamspace.example.com\", username: admin, passwordEnv: STREAMSPACE_PASSWORD}");
    if (t == null) {
      return null;
    }
    Set<String> secretKeys = new HashSet<>();
    t.node.fieldNames().forEachRemaining(key -> {
      if (SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
        secretKeys.add(key);
        t.problems.expected(t.path(key), "passwordEnv or passwordFile (secrets never go in plans)",
            "a literal " + key + " (value not shown)");
      }
    });
    t.allowOnly(KEYS, secretKeys);
    URI api = api(t);
    String username = t.requiredString("username", "a user name like \"admin\"");
    String passwordEnv = passwordEnv(t);
    String passwordFile = path(t, "passwordFile", "a file path like \"~/.streamspace-password\"");
    boolean env = t.node.has("passwordEnv");
    boolean file = t.node.has("passwordFile");
    if (env == file) {
      t.problems.expected("target", "one of passwordEnv or passwordFile", env ? "both" : "neither");
    }
    String kubeconfig = path(t, "kubeconfig", "a file path like \"~/.kube/config\"");
    String namespace = t.string("namespace", Target.DEFAULT_NAMESPACE);
    if (namespace != null && !DNS_LABEL.matcher(namespace).matches()) {
      t.problems.expected(t.path("namespace"), "a Kubernetes namespace name (lower-case letters, digits and '-')",
          Problems.quote(namespace));
    }
    String usersPasswordEnv = envName(t, "usersPasswordEnv");
    String usersPasswordFile = path(t, "usersPasswordFile", "a file path like \"~/.streamspace-users-password\"");
    if (t.node.has("usersPasswordEnv") && t.node.has("usersPasswordFile")) {
      t.problems.expected("target", "at most one of usersPasswordEnv or usersPasswordFile", "both");
    }
    return new Target(api, username, passwordEnv, passwordFile, kubeconfig, namespace, usersPasswordEnv,
        usersPasswordFile);
  }

  private static URI api(Section t) {
    String expected = "an http(s) URL like \"https://streamspace.example.com\"";
    if (!t.has("api")) {
      t.missing("api", expected);
      return null;
    }
    JsonNode v = t.get("api");
    if (!v.isTextual()) {
      t.problems.expected(t.path("api"), expected, v);
      return null;
    }
    String text = v.asText().trim();
    if (text.contains("@")) {
      // https://user:secret@host: the text itself may be the secret
      t.problems.expected(t.path("api"), expected + " without credentials (secrets never go in plans)",
          "a URL with user info (not shown)");
      return null;
    }
    try {
      URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below, with what was found
    }
    t.problems.expected(t.path("api"), expected, Problems.quote(text));
    return null;
  }

  /** A path; text over several lines is file content pasted in (credentials, likely) and is never echoed. */
  private static String path(Section t, String key, String expected) {
    JsonNode v = t.get(key);
    if (v != null && v.isTextual() && v.asText().strip().contains("\n")) {
      t.problems.expected(t.path(key), expected, "text over several lines (not shown: it looks like file content)");
      return null;
    }
    return t.string(key, null);
  }

  private static String passwordEnv(Section t) {
    return envName(t, "passwordEnv");
  }

  private static String envName(Section t, String key) {
    JsonNode v = t.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isTextual() || !ENV_NAME.matcher(v.asText()).matches()) {
      // never echoed: people do paste the password itself here
      t.problems.expected(t.path(key), "an environment variable name like \"STREAMSPACE_PASSWORD\"",
          "something else (not shown, in case it is the password)");
      return null;
    }
    return v.asText();
  }
}
