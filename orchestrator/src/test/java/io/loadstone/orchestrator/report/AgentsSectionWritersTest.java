package io.loadstone.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Agents part of report.md, results.json and junit.xml, from a hand-built section on the seed run. */
class AgentsSectionWritersTest {
  private static final Instant T0 = Instant.parse("2025-11-22T05:23:00Z");

  static AgentsSection section() {
    Map<String, Long> perAgent = new LinkedHashMap<>();
    perAgent.put("k8s-agent-1", 4L);
    perAgent.put("k8s-agent-2", 1L);
    AgentsSection.Outage outage = new AgentsSection.Outage(T0.plusMillis(1_000), 1_000, "agent-disconnect step 1",
        "disconnect", 612.5, 23_100.0);
    return new AgentsSection(500,
        List.of(new AgentsSection.Agent("k8s-agent-1", 4, "online", 1, 40, List.of(outage)),
            new AgentsSection.Agent("k8s-agent-2", 1, "online", 0, 45, List.of())),
        List.of(new AgentsSection.Line(0, T0, "k8s-agent-1", "first seen (listed online)"),
            new AgentsSection.Line(1_000, T0.plusMillis(1_000), "k8s-agent-1", "disruption declared: agent-disconnect step 1"),
            new AgentsSection.Line(1_612.5, T0.plusMillis(1_612), "k8s-agent-1", "offline detected (disconnect)"),
            new AgentsSection.Line(5_000, T0.plusMillis(5_000), null, "not observed from +5.000 s to +6.500 s: 3 poll(s) failed, last: HTTP 500"),
            new AgentsSection.Line(24_100, T0.plusMillis(24_100), "k8s-agent-1", "online again (after 22.49 s listed offline)")),
        PhaseStats.ofMillis(List.of(612.5)), PhaseStats.ofMillis(List.of(23_100.0)), perAgent, 2.25, 3, 0, 0, 4, 0,
        List.of(new AgentsSection.Issue("unbalanced-agents", null, List.of("k8s-agent-1: 4 session(s)",
            "k8s-agent-2: 1 session(s)", "population variance 2.250 over 2 agents, above 2 (the default limit)"))));
  }

  private static RunReport withAgents() {
    return SeedRun.builder(SeedRun.sessions()).agents(section()).build();
  }

  @Test
  void markdownHasTheAgentsPartWithTableRecoveryTimelineAndIssues() {
    String md = new MarkdownReportWriter().render(withAgents());
    int start = md.indexOf("## Agents\n");
    assertThat(start).isPositive();
    String agents = md.substring(start, md.indexOf("\n## Resources", start));
    assertThat(agents).contains("every 500 ms")
        .contains("| `k8s-agent-1` | 4 | online | 1 | 612.5 ms | 23.100 s | 1 |")
        .contains("| `k8s-agent-2` | 1 | online | 0 | — | — | 0 |")
        .contains("population variance 2.25, spread 3")
        .contains("| Offline detected (start → listed offline) | 1 | 612.5 ms | 612.5 ms | 612.5 ms |")
        .contains("- +1.000 s `k8s-agent-1`: disruption declared: agent-disconnect step 1")
        .contains("- +5.000 s every agent: not observed from +5.000 s to +6.500 s")
        .contains("4 survived (same pod, completed), 0 did not")
        .contains("| **unbalanced-agents** | all | k8s-agent-1: 4 session(s)<br>")
        .contains("- **unbalanced-agents**: Sessions were spread unevenly");
    assertThat(md.indexOf("## Issues discovered")).isLessThan(start);
  }

  @Test
  void withoutTheWatchThereIsNoAgentsPart() {
    RunReport r = SeedRun.failedRun();
    assertThat(new MarkdownReportWriter().render(r)).doesNotContain("## Agents");
    JsonObject json = new JsonObject(new ResultsJsonWriter().render(r));
    assertThat(json.getValue("agents")).isNull();
    assertThat(json.getJsonArray("agentIssues")).isEmpty();
    assertThat(json.getJsonObject("counts").containsKey("sessionsPerAgent")).isFalse();
  }

  @Test
  void resultsJsonHasAgentsTimelinesOutagesIssuesAndPerAgentCounts() {
    JsonObject json = new JsonObject(new ResultsJsonWriter().render(withAgents()));
    JsonObject a1 = json.getJsonArray("agents").getJsonObject(0);
    assertThat(a1.getString("id")).isEqualTo("k8s-agent-1");
    assertThat(a1.getLong("sessions")).isEqualTo(4);
    assertThat(a1.getString("finalStatus")).isEqualTo("online");
    assertThat(a1.getJsonArray("timeline")).hasSize(4);
    assertThat(a1.getJsonArray("timeline").getJsonObject(2).encode()).isEqualTo(new JsonObject()
        .put("at", "2025-11-22T05:23:01.612Z").put("nanosSinceStart", 1_612_500_000L)
        .put("event", "offline detected (disconnect)").encode());
    assertThat(a1.getJsonArray("outages").getJsonObject(0).encode()).isEqualTo(new JsonObject()
        .put("start", "2025-11-22T05:23:01Z").put("detectMs", 612.5).put("reconnectMs", 23_100.0)
        .put("cause", "agent-disconnect step 1").put("kind", "disconnect").encode());
    assertThat(json.getJsonArray("agentGaps")).hasSize(1);
    assertThat(json.getJsonArray("agentIssues").getJsonObject(0).getString("code")).isEqualTo("unbalanced-agents");
    assertThat(json.getJsonArray("agentIssues").getJsonObject(0).getValue("agent")).isNull();
    JsonObject counts = json.getJsonObject("counts");
    assertThat(counts.getJsonObject("sessionsPerAgent").encode()).isEqualTo("{\"k8s-agent-1\":4,\"k8s-agent-2\":1}");
    assertThat(counts.getDouble("agentsVariance")).isEqualTo(2.25);
    assertThat(counts.getLong("sessionsSurvived")).isEqualTo(4);
    assertThat(json.getJsonObject("agentRecovery").getJsonObject("reconnected").getDouble("max")).isEqualTo(23_100.0);
  }

  @Test
  void junitHasAFailedTestcasePerAgentIssue() {
    String xml = new JunitXmlWriter().render(withAgents());
    assertThat(xml).contains("<testcase classname=\"test-1.3-lost-start.agents\" name=\"unbalanced-agents all agents\">")
        .contains("<failure type=\"unbalanced-agents\" message=\"unbalanced-agents (all agents)\">k8s-agent-1: 4 session(s)");
    String plain = new JunitXmlWriter().render(SeedRun.failedRun());
    int failures = Integer.parseInt(plain.replaceAll("(?s).*failures=\"(\\d+)\".*", "$1"));
    assertThat(xml).contains("failures=\"" + (failures + 1) + "\"");
  }
}
