package io.loadstone.orchestrator.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the usual shapes of secrets from free text before it enters a {@link RunReport}: URL user information,
 * bearer tokens, and password, token, secret or API key values written as {@code key=value}, {@code key: value}
 * or JSON. Evidence lines quote platform answers, so this is a second guard; the worker should not gather
 * secrets in the first place.
 */
final class Redaction {
  private static final String MASK = "***";
  private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
  // a Basic credential is base64 (has a digit or padding); "Basic authentication failed" stays readable
  private static final Pattern BEARER = Pattern.compile(
      "\\b((?i:bearer)\\s+[A-Za-z0-9._~+/=-]{8,}|Basic\\s+(?=[A-Za-z0-9+/=]*[0-9=])[A-Za-z0-9+/=]{8,})");
  private static final Pattern KEY_VALUE = Pattern.compile(
      "(?i)(\"?\\b(?:password|passwd|token|access_?token|refresh_?token|secret|api_?key|apikey)\"?\\s*[:=]\\s*)"
          + "(\"[^\"]*\"|[^\\s,;&}\"]+)");

  private Redaction() {
  }

  /** The text with secrets masked as {@code ***}; null stays null. */
  static String apply(String text) {
    if (text == null) {
      return null;
    }
    String s = URL_USERINFO.matcher(text).replaceAll("$1" + MASK + "@");
    s = BEARER.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group().split("\\s+", 2)[0] + " " + MASK));
    return KEY_VALUE.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
        m.group(1) + (m.group(2).startsWith("\"") ? "\"" + MASK + "\"" : MASK)));
  }
}
