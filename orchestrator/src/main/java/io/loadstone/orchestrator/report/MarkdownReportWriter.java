package io.loadstone.orchestrator.report;

import static io.loadstone.orchestrator.report.MarkdownText.NO;
import static io.loadstone.orchestrator.report.MarkdownText.NONE;
import static io.loadstone.orchestrator.report.MarkdownText.YES;
import static io.loadstone.orchestrator.report.MarkdownText.cell;
import static io.loadstone.orchestrator.report.MarkdownText.code;
import static io.loadstone.orchestrator.report.MarkdownText.millis;
import static io.loadstone.orchestrator.report.MarkdownText.plural;
import static io.loadstone.orchestrator.report.MarkdownText.text;

import io.loadstone.common.message.SessionOutcome.Outcome;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.Check;
import io.loadstone.common.plan.Timeouts;
import io.loadstone.common.plan.criteria.CriterionResult;
import io.loadstone.common.time.Durations;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes {@code report.md} for a person deciding a release: the verdict is the first line (PASSED, FAILED naming
 * each failed criterion with its actual value, or ERROR with the error line), then the configuration, a phase
 * table, one row per session, the isolation table, the criteria, the issues discovered (each failed session's
 * diagnosis code and evidence, and what each code means), the agents when they were watched (per-agent table,
 * recovery figures, timeline, agent issues) and the objects retained and leaked. Every table cell
 * is escaped ({@code |}, raw HTML, line breaks); the report holds nothing the {@link RunReport} does not, so no
 * secret.
 */
public final class MarkdownReportWriter implements ReportWriter {
  @Override
  public String fileName() {
    return "report.md";
  }

  @Override
  public String render(RunReport r) {
    StringBuilder out = new StringBuilder();
    out.append("# ").append(verdictLine(r)).append("\n\n");
    header(out, r);
    configuration(out, r);
    StepsSection.render(out, r);
    workers(out, r);
    phases(out, r);
    sessions(out, r);
    isolation(out, r);
    criteria(out, r);
    issues(out, r);
    if (r.agents() != null) {
      AgentsMarkdown.render(out, r.agents());
    }
    resources(out, r);
    if (!r.notes().isEmpty()) {
      out.append("## Notes\n\n");
      r.notes().forEach(n -> out.append("- ").append(text(n)).append('\n'));
      out.append('\n');
    }
    return out.toString().stripTrailing() + "\n";
  }

  /** The first line's text: {@code PASSED: ...}, {@code FAILED: <criteria>} or {@code ERROR: <error line>}. */
  static String verdictLine(RunReport r) {
    return switch (r.verdict()) {
      case ERROR -> "ERROR: " + text(r.error());
      case FAILED -> "FAILED: " + r.failedCriteria().stream()
          .map(c -> text(c.metric() + " " + c.expression() + " (actual " + c.actual() + ")"))
          .collect(Collectors.joining("; "));
      case PASSED -> {
        int n = r.criteria().size();
        String met = n == 0 ? "no criteria set, nothing was gated" : n == 1 ? "the criterion met"
            : "all " + n + " criteria met";
        int failed = r.failedSessions().size();
        yield "PASSED: " + met + (failed == 0 ? "" : " (" + failed + " of " + r.sessions().size()
            + " sessions failed: see Issues discovered)");
      }
    };
  }

  private static String forUsers(List<String> users) {
    if (users.size() == 1) {
      return " for user " + code(users.get(0));
    }
    String some = users.stream().limit(3).map(MarkdownText::code).collect(Collectors.joining(", "));
    return " spread over " + users.size() + " users in turn (" + some + (users.size() > 3 ? ", ..." : "") + ")";
  }

  private static void header(StringBuilder out, RunReport r) {
    out.append("**").append(text(r.planName())).append("** · run ").append(code(r.run().value()))
        .append(" · exit code ").append(r.exitCode()).append("  \n");
    out.append("Started ").append(MarkdownText.wall(r.startedAt())).append(", finished ")
        .append(MarkdownText.wall(r.finishedAt())).append(" (").append(MarkdownText.duration(r.wallDuration()))
        .append(")\n\n");
    if (!r.description().isEmpty()) {
      out.append("> ").append(text(r.description())).append("\n\n");
    }
    Counts c = r.counts();
    out.append(c.planned()).append(" planned · ").append(c.created()).append(" created · ")
        .append(c.running()).append(" running · ").append(c.failed()).append(" failed · ")
        .append(c.cleanedUp()).append(" cleaned up · ").append(c.leaked()).append(" leaked · ")
        .append(c.retainedTotal()).append(" retained by design");
    List<String> kinds = new ArrayList<>();
    c.retained().forEach((kind, n) -> {
      if (n > 0) {
        kinds.add(n + " " + kind.displayName());
      }
    });
    out.append(kinds.isEmpty() ? "" : " (" + String.join(", ", kinds) + ")").append("\n\n");
  }

  private static void configuration(StringBuilder out, RunReport r) {
    RunConfiguration c = r.configuration();
    RunTarget t = r.target();
    out.append("## Configuration\n\n");
    String where = t.kind() == RunTarget.Kind.SANDBOX ? "embedded sandbox" : "platform";
    out.append("- **Target**: ").append(where).append(t.api() == null ? "" : " at " + code(t.api()))
        .append(", namespace ").append(code(t.namespace())).append(", ")
        .append(t.agents().isEmpty() ? "no agent seen"
            : plural(t.agents().size(), "agent", "agents") + " (" + t.agents().stream().map(MarkdownText::code)
            .collect(Collectors.joining(", ")) + ")")
        .append('\n');
    if (r.planFile() != null) {
      out.append("- **Plan file**: ").append(code(r.planFile())).append('\n');
    }
    var s = c.sessions();
    out.append("- **Sessions**: ").append(s.count()).append(" × ").append(code(s.template())).append(forUsers(s.users()))
        .append(", ").append(text(s.resources().memory())).append(" memory and ")
        .append(text(s.resources().cpu())).append(" CPU each (requests = limits), ")
        .append(s.persistentHome() ? "persistent home" : "no persistent home").append('\n');
    out.append("- **Arrival**: ").append(text(c.arrival())).append("; **hold**: ")
        .append(Durations.format(c.hold())).append(" after the checks\n");
    out.append("- **Checks**: ").append(c.checks().isEmpty() ? "none"
        : c.checks().stream().map(Check::id).collect(Collectors.joining(", "))).append('\n');
    Timeouts to = c.timeouts();
    out.append("- **Timeouts**: provisioned ").append(Durations.format(to.provisioned()))
        .append(", podReady ").append(Durations.format(to.podReady()))
        .append(", running ").append(Durations.format(to.running()))
        .append(", tunnelUp ").append(Durations.format(to.tunnelUp()))
        .append(", cleanedUp ").append(Durations.format(to.cleanedUp())).append('\n');
    if (t.kind() == RunTarget.Kind.SANDBOX) {
      out.append("- **Sandbox faults**: ").append(c.sandboxFaults().isEmpty() ? "none"
          : c.sandboxFaults().stream().map(MarkdownText::code).collect(Collectors.joining(", "))).append('\n');
    }
    if (c.apiStatePollInterval() != null) {
      out.append("- **API state**: polled every ").append(Durations.format(c.apiStatePollInterval()))
          .append(", so running is known to within that interval\n");
    }
    out.append('\n');
  }

  private static void workers(StringBuilder out, RunReport r) {
    boolean informative = r.workers().size() > 1 || r.recovered() > 0
        || r.workers().stream().anyMatch(w -> w.capacity() > 0 || w.lostAt() != null);
    if (!informative) {
      // one worker in the orchestrator's JVM ran everything: the sessions table already names it
      return;
    }
    out.append("## Workers\n\n");
    long total = r.workers().stream().mapToLong(WorkerShare::sessions).sum();
    boolean split = r.workers().stream().anyMatch(w -> !w.users().isEmpty());
    out.append("| Worker | Capacity | Sessions | Share | Lost |").append(split ? " Users |" : "")
        .append("\n|---|---:|---:|---:|---|").append(split ? "---|" : "").append("\n");
    for (WorkerShare w : r.workers()) {
      out.append("| ").append(code(w.name())).append(" | ").append(w.capacity() == 0 ? NONE : w.capacity())
          .append(" | ").append(w.sessions()).append(" | ")
          .append(total == 0 ? NONE : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * w.sessions() / total))
          .append(" | ").append(w.lostAt() == null ? "no" : "**left the cluster at " + w.lostAt() + "**").append(" |");
      if (split) {
        out.append(' ').append(w.users().isEmpty() ? NONE : cell(String.join(", ", w.users()))).append(" |");
      }
      out.append('\n');
    }
    out.append('\n');
    if (split) {
      out.append("The work was split by user: each worker ran only its users' sessions and its informers and state ")
          .append("polls selected only those (`user in (...)`), so no worker observed the whole namespace. A lost or ")
          .append("drained worker's users went to the others.\n\n");
    }
    if (r.recovered() > 0) {
      out.append(plural(r.recovered(), "session was", "sessions were")).append(" offered again after their worker ")
          .append("was lost or drained; each was adopted by another worker from the platform's state (attempt 2 or ")
          .append("more). Times a lost worker measured are kept; the adopter reports what it found already reached as ")
          .append("`adopted` (no time: never one taken across two clocks).\n\n");
    }
  }

  private static void phases(StringBuilder out, RunReport r) {
    out.append("## Phases\n\n");
    if (r.phases().values().stream().allMatch(PhaseStats::isEmpty)) {
      out.append("No session reached any phase.\n\n");
      return;
    }
    out.append("Times on each worker's monotonic clock since the session's create request was sent "
        + "(cleanedUp: since its delete request).\n\n");
    out.append("| Phase | Sessions | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|\n");
    r.phases().forEach((phase, s) -> out.append("| ").append(phase.id()).append(" | ").append(s.count())
        .append(" | ").append(millis(s.p50())).append(" | ").append(millis(s.p95())).append(" | ")
        .append(millis(s.p99())).append(" | ").append(millis(s.max())).append(" |\n"));
    out.append('\n');
  }

  private static void sessions(StringBuilder out, RunReport r) {
    out.append("## Sessions\n\n");
    if (r.sessions().isEmpty()) {
      out.append("No session was started.\n\n");
      return;
    }
    boolean retried = r.sessions().stream().anyMatch(s -> s.attempts() > 1);
    boolean manyWorkers = r.sessions().stream().map(SessionResult::worker).distinct().count() > 1;
    List<String> head = new ArrayList<>(List.of("Session", "Platform session", "Agent"));
    if (manyWorkers) {
      head.add("Worker");
    }
    if (retried) {
      head.add("Attempts");
    }
    for (Phase p : Phase.values()) {
      head.add(p.id());
    }
    head.add("Outcome");
    row(out, head);
    int textColumns = head.size() - Phase.values().length - 1;
    out.append("|---".repeat(textColumns)).append("|---:".repeat(Phase.values().length)).append("|---|\n");
    for (SessionResult s : r.sessions()) {
      List<String> cells = new ArrayList<>(List.of(cell(s.id()), cell(s.platformSession()), cell(s.agent())));
      if (manyWorkers) {
        cells.add(cell(s.worker()));
      }
      if (retried) {
        cells.add(Integer.toString(s.attempts()));
      }
      for (Phase p : Phase.values()) {
        cells.add(millis(s.phasesMillis().get(p)));
      }
      cells.add(s.outcome() == Outcome.COMPLETED ? YES + " completed"
          : NO + " failed at " + s.failedPhase().id()
          + (s.diagnosis() == null ? "" : ": " + cell(s.diagnosis().code())));
      row(out, cells);
    }
    out.append('\n');
  }

  private static void isolation(StringBuilder out, RunReport r) {
    out.append("## Isolation\n\n");
    List<SessionResult> checked = r.sessions().stream().filter(s -> s.isolation() != null).toList();
    if (checked.isEmpty()) {
      out.append(r.configuration().checks().contains(Check.ISOLATION)
          ? "No session reached the isolation check.\n\n"
          : "Not checked: the plan's checks do not include isolation.\n\n");
      return;
    }
    long isolated = checked.stream().filter(SessionResult::isolated).count();
    int unchecked = r.sessions().size() - checked.size();
    out.append(isolated).append(" of ").append(plural(checked.size(), "checked session", "checked sessions"))
        .append(isolated == checked.size() ? " isolated" : " isolated: " + (checked.size() - isolated)
            + " isolation " + (checked.size() - isolated == 1 ? "breach" : "breaches"))
        .append(unchecked == 0 ? "" : "; " + unchecked + " not checked (failed before the checks)")
        .append(".\n\n");
    out.append("| Session | Own Deployment, Service, Pod | Requests = limits = plan | VNC desktop | Isolated |\n");
    out.append("|---|---|---|---|---|\n");
    for (SessionResult s : r.sessions()) {
      var iso = s.isolation();
      if (iso == null) {
        row(out, List.of(cell(s.id()), NONE, NONE, NONE, "not checked"));
        continue;
      }
      String desktop = iso.vncDesktop() == null ? NONE
          : s.foreignDesktop() ? NO + " " + cell(iso.vncDesktop()) + " (another session's)"
          : YES + " " + cell(iso.vncDesktop());
      row(out, List.of(cell(s.id()), iso.ownObjects() ? YES : NO, iso.limitsMatch() ? YES : NO, desktop,
          s.isolated() ? YES : NO + " breach"));
    }
    out.append('\n');
  }

  private static void criteria(StringBuilder out, RunReport r) {
    out.append("## Criteria\n\n");
    if (r.criteria().isEmpty()) {
      out.append(r.verdict() == Verdict.ERROR ? "Not evaluated: the run did not finish.\n\n"
          : "None set: nothing gated this run.\n\n");
      return;
    }
    out.append("| Metric | Target | Actual | Result |\n|---|---|---|---|\n");
    for (CriterionResult c : r.criteria()) {
      row(out, List.of(cell(c.metric()), cell(c.expression()), cell(c.actual()),
          c.passed() ? YES + " passed" : NO + " **failed**"));
    }
    out.append('\n');
  }

  private static void issues(StringBuilder out, RunReport r) {
    out.append("## Issues discovered\n\n");
    List<SessionResult> failed = r.failedSessions();
    if (r.verdict() == Verdict.ERROR) {
      out.append("- The run did not finish: ").append(text(r.error())).append("\n\n");
    }
    if (failed.isEmpty()) {
      out.append(r.sessions().isEmpty() ? "No session ran.\n\n" : "None: every session completed.\n\n");
      return;
    }
    out.append(failed.size()).append(" of ").append(plural(r.sessions().size(), "session", "sessions"))
        .append(" failed.\n\n");
    out.append("| Session | Platform session | Agent | Failed at | Diagnosis | Evidence |\n");
    out.append("|---|---|---|---|---|---|\n");
    Set<String> codes = new LinkedHashSet<>();
    for (SessionResult s : failed) {
      String code = s.diagnosis() == null ? "undiagnosed" : s.diagnosis().code();
      codes.add(code);
      row(out, List.of(cell(s.id()), cell(s.platformSession()), cell(s.agent()), s.failedPhase().id(),
          "**" + cell(code) + "**",
          s.diagnosis() == null || s.diagnosis().evidence().isEmpty() ? "no evidence gathered"
              : MarkdownText.cellLines(s.diagnosis().evidence())));
    }
    out.append("\nWhat the codes mean:\n\n");
    for (String code : codes) {
      out.append("- **").append(text(code)).append("**: ").append(code.equals("undiagnosed")
          ? "The session failed but the worker gathered no evidence naming a cause." : DiagnosisCodes.explain(code))
          .append('\n');
    }
    out.append('\n');
  }

  private static void resources(StringBuilder out, RunReport r) {
    out.append("## Resources after the run\n\n");
    out.append("### Retained by design (").append(r.retained().size()).append(")\n\n");
    if (r.retained().isEmpty()) {
      out.append("None.\n\n");
    } else {
      out.append("The platform keeps these after a delete on purpose; they are counted, not hidden.\n\n");
      resourceTable(out, r.retained());
    }
    out.append("### Leaked (").append(r.leaked().size()).append(")\n\n");
    if (r.leaked().isEmpty()) {
      out.append("None: no session's Deployment, Service or Pod remained after its cleanedUp deadline.\n\n");
    } else {
      out.append("These should be gone and are not.\n\n");
      resourceTable(out, r.leaked());
    }
  }

  private static void resourceTable(StringBuilder out, List<RemainingResource> resources) {
    out.append("| Kind | Name | Session | Why |\n|---|---|---|---|\n");
    resources.forEach(x -> row(out, List.of(x.kind().displayName(), cell(x.name()), cell(x.session()),
        cell(x.why()))));
    out.append('\n');
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }
}
