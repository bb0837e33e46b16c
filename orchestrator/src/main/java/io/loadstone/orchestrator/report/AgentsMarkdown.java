package io.loadstone.orchestrator.report;

import static io.loadstone.orchestrator.report.MarkdownText.NONE;
import static io.loadstone.orchestrator.report.MarkdownText.cell;
import static io.loadstone.orchestrator.report.MarkdownText.code;
import static io.loadstone.orchestrator.report.MarkdownText.millis;
import static io.loadstone.orchestrator.report.MarkdownText.text;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The "Agents" part of {@code report.md}: per-agent table, per-agent spread, recovery figures, the timeline (with
 * gaps in observation) and the agent issues. Written only when the run watched the agents.
 */
final class AgentsMarkdown {
  private AgentsMarkdown() {
  }

  static void render(StringBuilder out, AgentsSection a) {
    out.append("## Agents\n\n");
    out.append("Listed with `GET /api/v1/admin/agents` every ").append(a.pollMillis()).append(" ms; times are since ")
        .append("the watch started, on the orchestrator's monotonic clock (an outage shorter than a poll may go ")
        .append("unseen). An outage counts from the step that provoked it, else from the last poll that saw the ")
        .append("agent online.\n\n");
    if (a.agents().isEmpty()) {
      out.append("No agent was listed.\n\n");
    } else {
      out.append("| Agent | Sessions placed | Status at end | Outages | Detect | Reconnect | Reconnects |\n");
      out.append("|---|---:|---|---:|---|---|---:|\n");
      for (AgentsSection.Agent agent : a.agents()) {
        row(out, List.of(code(agent.id()), Long.toString(agent.sessions()), cell(agent.finalStatus()),
            Integer.toString(agent.outages().size()),
            times(agent.outages().stream().map(AgentsSection.Outage::detectMs).toList()),
            times(agent.outages().stream().map(AgentsSection.Outage::reconnectMs).toList()),
            Long.toString(agent.reconnects())));
      }
      out.append('\n');
      out.append("Sessions per agent: population variance ").append(decimal(a.variance())).append(", spread ")
          .append(decimal(a.spread())).append(" (most − fewest).\n\n");
    }
    recovery(out, a);
    timeline(out, a);
    issues(out, a);
  }

  private static void recovery(StringBuilder out, AgentsSection a) {
    out.append("### Recovery\n\n");
    if (a.detect().isEmpty() && a.reconnect().isEmpty()) {
      out.append("No agent outage was observed.\n\n");
    } else {
      out.append("| | Outages | p50 | p95 | max |\n|---|---:|---:|---:|---:|\n");
      stats(out, "Offline detected (start → listed offline)", a.detect());
      stats(out, "Reconnected (start → listed online again)", a.reconnect());
      out.append('\n');
    }
    out.append("- Creates refused (503): ").append(a.createsRefused()).append('\n');
    out.append("- Sessions running when their agent was found offline: ").append(a.survived())
        .append(" survived (same pod, completed), ").append(a.notSurvived()).append(" did not\n");
    out.append("- Commands lost (delete accepted while the agent was listed offline, objects still there after it ")
        .append("was back): ").append(a.commandsLost()).append("\n\n");
  }

  private static void timeline(StringBuilder out, AgentsSection a) {
    out.append("### Timeline\n\n");
    if (a.timeline().isEmpty()) {
      out.append("Nothing observed.\n\n");
      return;
    }
    for (AgentsSection.Line line : a.timeline()) {
      out.append("- ").append(String.format(Locale.ROOT, "+%.3f s", line.atMillis() / 1000)).append(' ')
          .append(line.agent() == null ? "every agent" : code(line.agent())).append(": ").append(text(line.event()))
          .append('\n');
    }
    out.append('\n');
  }

  private static void issues(StringBuilder out, AgentsSection a) {
    out.append("### Agent issues\n\n");
    if (a.issues().isEmpty()) {
      out.append("None.\n\n");
      return;
    }
    out.append("| Code | Agent | Evidence |\n|---|---|---|\n");
    Set<String> codes = new LinkedHashSet<>();
    for (AgentsSection.Issue issue : a.issues()) {
      codes.add(issue.code());
      row(out, List.of("**" + cell(issue.code()) + "**", issue.agent() == null ? "all" : code(issue.agent()),
          MarkdownText.cellLines(issue.evidence())));
    }
    out.append("\nWhat the codes mean:\n\n");
    codes.forEach(c -> out.append("- **").append(text(c)).append("**: ").append(DiagnosisCodes.explain(c)).append('\n'));
    out.append('\n');
  }

  private static void stats(StringBuilder out, String name, PhaseStats s) {
    row(out, List.of(name, Long.toString(s.count()), millis(s.p50()), millis(s.p95()), millis(s.max())));
  }

  /** Each outage's time, in order; an outage without one shows as a dash. */
  private static String times(List<Double> values) {
    return values.isEmpty() ? NONE : values.stream().map(MarkdownText::millis).collect(Collectors.joining(", "));
  }

  private static String decimal(double v) {
    return String.format(Locale.ROOT, "%.3f", v).replaceAll("\\.?0+$", "");
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }
}
