package io.loadstone.orchestrator.report;

import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.criteria.CriterionResult;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code junit.xml} for CI: one {@code testsuite} named after the plan, a {@code testcase} per criterion
 * (class {@code <plan>.criteria}, named {@code <metric> <expression>}) and per session (class
 * {@code <plan>.sessions}, named by slot id so it is stable across runs). A failed criterion or session carries a
 * {@code failure} (for a session: its diagnosis code as type, the evidence as body); each agent issue is a failed
 * testcase of class {@code <plan>.agents} named {@code <code> <agent>}; an errored run adds a
 * {@code run} testcase with an {@code error} naming why, so the file is never empty and never green by omission.
 * Output is well-formed XML 1.0: markup escaped, characters XML cannot hold replaced by U+FFFD.
 */
public final class JunitXmlWriter implements ReportWriter {
  // the JUnit schema's timestamp: ISO 8601 without a zone (we write UTC)
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
      .withZone(ZoneOffset.UTC);
  @Override
  public String fileName() {
    return "junit.xml";
  }

  @Override
  public String render(RunReport r) {
    String suite = r.planName();
    List<String> cases = new ArrayList<>();
    int failures = 0;
    int errors = 0;
    for (CriterionResult c : r.criteria()) {
      StringBuilder t = open(suite + ".criteria", c.metric() + " " + c.expression());
      if (c.passed()) {
        t.append(">\n");
      } else {
        failures++;
        String message = "actual " + c.actual() + ", expected " + c.expression();
        t.append(">\n    <failure type=\"criterion\" message=\"").append(attr(message)).append("\">")
            .append(text(c.metric() + " " + c.expression() + ": " + message)).append("</failure>\n");
      }
      t.append("    <system-out>").append(text("actual: " + c.actual())).append("</system-out>\n  </testcase>");
      cases.add(t.toString());
    }
    for (SessionResult s : r.sessions()) {
      StringBuilder t = open(suite + ".sessions", s.id());
      t.append(">\n");
      if (s.failedPhase() != null) {
        failures++;
        String code = s.diagnosis() == null ? "undiagnosed" : s.diagnosis().code();
        List<String> evidence = s.diagnosis() == null ? List.of() : s.diagnosis().evidence();
        t.append("    <failure type=\"").append(attr(code)).append("\" message=\"")
            .append(attr(code + " at " + s.failedPhase().id())).append("\">")
            .append(text(evidence.isEmpty() ? "no evidence gathered" : String.join("\n", evidence)))
            .append("</failure>\n");
      }
      t.append("    <system-out>").append(text(sessionOut(s))).append("</system-out>\n  </testcase>");
      cases.add(t.toString());
    }
    List<AgentsSection.Issue> agentIssues = r.agents() == null ? List.of() : r.agents().issues();
    for (AgentsSection.Issue issue : agentIssues) {
      failures++;
      String agent = issue.agent() == null ? "all agents" : issue.agent();
      StringBuilder t = open(suite + ".agents", issue.code() + " " + agent);
      t.append(">\n    <failure type=\"").append(attr(issue.code())).append("\" message=\"")
          .append(attr(issue.code() + " (" + agent + ")")).append("\">")
          .append(text(String.join("\n", issue.evidence()))).append("</failure>\n  </testcase>");
      cases.add(t.toString());
    }
    if (r.verdict() == Verdict.ERROR || cases.isEmpty()) {
      StringBuilder t = open(suite, "run");
      t.append(">\n");
      if (r.verdict() == Verdict.ERROR) {
        errors++;
        t.append("    <error type=\"run-error\" message=\"").append(attr(r.error())).append("\">")
            .append(text(r.error() + "\nexit code " + r.exitCode())).append("</error>\n");
      }
      t.append("  </testcase>");
      cases.add(t.toString());
    }
    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append("<testsuite name=\"").append(attr(suite)).append("\" tests=\"").append(cases.size())
        .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
        .append("\" skipped=\"0\" time=\"").append(seconds(r.wallDuration().toMillis()))
        .append("\" timestamp=\"")
        .append(TIMESTAMP.format(r.startedAt()))
        .append("\">\n  <properties>\n");
    property(out, "run", r.run().value());
    property(out, "plan", r.planName());
    if (r.planFile() != null) {
      property(out, "planFile", r.planFile());
    }
    property(out, "verdict", r.verdict().id());
    property(out, "exitCode", Integer.toString(r.exitCode()));
    property(out, "target.kind", r.target().kind().id());
    if (r.target().api() != null) {
      property(out, "target.api", r.target().api());
    }
    out.append("  </properties>\n");
    cases.forEach(c -> out.append(c).append('\n'));
    out.append("</testsuite>\n");
    return out.toString();
  }

  private static StringBuilder open(String classname, String name) {
    return new StringBuilder("  <testcase classname=\"").append(attr(classname)).append("\" name=\"")
        .append(attr(name)).append('"');
  }

  private static String sessionOut(SessionResult s) {
    List<String> lines = new ArrayList<>();
    lines.add("platform session: " + (s.platformSession() == null ? "none" : s.platformSession()));
    lines.add("agent: " + (s.agent() == null ? "unknown" : s.agent()) + ", worker: " + s.worker()
        + ", attempts: " + s.attempts());
    for (Phase p : Phase.values()) {
      Double ms = s.phasesMillis().get(p);
      if (ms != null) {
        lines.add(p.id() + ": " + (ms.isNaN() ? "reached (adopted, not timed)" : String.format(Locale.ROOT, "%.3f ms", ms)));
      }
    }
    return String.join("\n", lines);
  }

  private static void property(StringBuilder out, String name, String value) {
    out.append("    <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value)).append("\"/>\n");
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }

  /** Element text: markup escaped, characters outside XML 1.0 replaced. */
  static String text(String s) {
    return escape(s, false);
  }

  /** Attribute value: as text, plus quotes, and whitespace kept as character references (else parsers fold it). */
  static String attr(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean attribute) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append(attribute ? "&quot;" : "\"");
        case '\n' -> b.append(attribute ? "&#10;" : "\n");
        case '\r' -> b.append("&#13;");
        case '\t' -> b.append(attribute ? "&#9;" : "\t");
        default -> {
          boolean allowed = cp >= 0x20 && cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0x10FFFF;
          if (allowed) {
            b.appendCodePoint(cp);
          } else {
            b.append('\uFFFD');
          }
        }
      }
    }
    return b.toString();
  }
}
