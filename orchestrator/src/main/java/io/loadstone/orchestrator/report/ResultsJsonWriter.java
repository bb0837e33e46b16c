package io.loadstone.orchestrator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loadstone.common.message.Isolation;
import io.loadstone.common.plan.Check;
import io.loadstone.common.plan.Timeouts;
import io.loadstone.common.plan.criteria.CriterionResult;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Writes {@code results.json} (schema 1), the machine-readable run: the fields of the L2 issue in its order,
 * then extras (plan file, description, error, configuration, resources, notes). Times are milliseconds as
 * numbers with their fractions (rounded to the microsecond), timestamps ISO-8601 UTC strings; a statistic of a
 * phase nobody reached and any unknown value are {@code null}. A criterion's {@code actual} is the measured number
 * in the criterion's unit (ms, a fraction from 0 to 1, a count or a decimal); {@code actualText} is what people
 * read. {@code agents} is null when the agents were not watched; otherwise each agent with its timeline and outages,
 * with {@code agentIssues}, {@code agentGaps}, {@code agentRecovery} and per-agent counts under {@code counts}.
 */
public final class ResultsJsonWriter implements ReportWriter {
  /** Bumped when a field changes meaning or disappears; adding fields keeps it. */
  public static final int SCHEMA = 1;
  private static final ObjectMapper JSON = new ObjectMapper();
  // one value per line, "key": value, \n on every platform: diffs of two runs' results stay readable
  private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  @Override
  public String fileName() {
    return "results.json";
  }

  @Override
  public String render(RunReport report) {
    try {
      return PRETTY.writeValueAsString(tree(report)) + "\n";
    } catch (JsonProcessingException e) {
      // a tree of plain nodes always serializes; reaching this is a bug, not bad input
      throw new UncheckedIOException(e);
    }
  }

  /** The document as a Jackson tree. */
  public ObjectNode tree(RunReport r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("run", r.run().value());
    root.put("plan", r.planName());
    root.put("verdict", r.verdict().id());
    root.put("exitCode", r.exitCode());
    root.put("startedAt", r.startedAt().toString());
    root.put("finishedAt", r.finishedAt().toString());
    ObjectNode target = root.putObject("target");
    target.put("kind", r.target().kind().id());
    target.put("api", r.target().api());
    target.put("namespace", r.target().namespace());
    r.target().agents().forEach(target.putArray("agents")::add);
    ArrayNode sessions = root.putArray("sessions");
    r.sessions().forEach(s -> session(sessions.addObject(), s));
    ObjectNode phases = root.putObject("phases");
    r.phases().forEach((phase, stats) -> stats(phases.putObject(phase.id()), stats));
    ArrayNode criteria = root.putArray("criteria");
    r.criteria().forEach(c -> criterion(criteria.addObject(), c));
    counts(root.putObject("counts"), r.counts());
    if (r.agents() != null) {
      agentCounts((ObjectNode) root.get("counts"), r.agents());
    }
    ArrayNode workers = root.putArray("workers");
    r.workers().forEach(w -> {
      ObjectNode o = workers.addObject();
      o.put("name", w.name());
      o.put("capacity", w.capacity());
      o.put("sessions", w.sessions());
      if (w.lostAt() == null) {
        o.putNull("lostAt");
      } else {
        o.put("lostAt", w.lostAt().toString());
      }
      if (!w.users().isEmpty()) {
        w.users().forEach(o.putArray("users")::add);
      }
    });
    root.put("recovered", r.recovered());
    ArrayNode steps = root.putArray("steps");
    r.steps().forEach(st -> {
      ObjectNode o = steps.addObject();
      o.put("step", st.index() + 1);
      o.put("description", st.description());
      o.put("status", st.status().id());
      if (Double.isNaN(st.firedMs())) {
        o.putNull("firedMs");
      } else {
        o.put("firedMs", round(st.firedMs()));
      }
      // raw monotonic reading: comparable with an embedded sandbox's ground truth, which shares the JVM's clock
      o.put("firedNanos", st.firedNanos());
      o.put("detail", Redaction.apply(st.detail()));
    });
    root.put("planFile", r.planFile());
    root.put("description", r.description());
    root.put("error", r.error());
    root.put("wallSeconds", round(r.wallDuration().toNanos() / 1e9));
    configuration(root.putObject("configuration"), r.configuration());
    ObjectNode resources = root.putObject("resources");
    ArrayNode retained = resources.putArray("retained");
    r.retained().forEach(x -> resource(retained.addObject(), x));
    ArrayNode leaked = resources.putArray("leaked");
    r.leaked().forEach(x -> resource(leaked.addObject(), x));
    r.notes().forEach(root.putArray("notes")::add);
    if (r.agents() == null) {
      root.putNull("agents");
      root.putArray("agentIssues");
    } else {
      agents(root, r.agents());
    }
    return root;
  }

  /** {@code agents: [{id, sessions, finalStatus, reconnects, timeline, outages}]}, {@code agentIssues}, recovery. */
  private static void agents(ObjectNode root, AgentsSection a) {
    ArrayNode agents = root.putArray("agents");
    for (AgentsSection.Agent agent : a.agents()) {
      ObjectNode o = agents.addObject();
      o.put("id", agent.id());
      o.put("sessions", agent.sessions());
      o.put("finalStatus", agent.finalStatus());
      o.put("reconnects", agent.reconnects());
      o.put("heartbeatAdvances", agent.heartbeatAdvances());
      ArrayNode timeline = o.putArray("timeline");
      a.timeline().stream().filter(l -> agent.id().equals(l.agent())).forEach(l -> {
        ObjectNode t = timeline.addObject();
        t.put("at", l.at().toString());
        t.put("nanosSinceStart", Math.round(l.atMillis() * 1e6));
        t.put("event", l.event());
      });
      ArrayNode outages = o.putArray("outages");
      for (AgentsSection.Outage out : agent.outages()) {
        ObjectNode x = outages.addObject();
        x.put("start", out.start() == null ? null : out.start().toString());
        putMillis(x, "detectMs", out.detectMs() == null ? Double.NaN : out.detectMs());
        putMillis(x, "reconnectMs", out.reconnectMs() == null ? Double.NaN : out.reconnectMs());
        x.put("cause", out.cause());
        x.put("kind", out.kind());
      }
    }
    ArrayNode gaps = root.putArray("agentGaps");
    a.timeline().stream().filter(l -> l.agent() == null).forEach(l -> {
      ObjectNode g = gaps.addObject();
      g.put("at", l.at().toString());
      g.put("nanosSinceStart", Math.round(l.atMillis() * 1e6));
      g.put("event", l.event());
    });
    ArrayNode issues = root.putArray("agentIssues");
    for (AgentsSection.Issue issue : a.issues()) {
      ObjectNode i = issues.addObject();
      i.put("code", issue.code());
      i.put("agent", issue.agent());
      issue.evidence().forEach(i.putArray("evidence")::add);
    }
    ObjectNode recovery = root.putObject("agentRecovery");
    recovery.put("pollMillis", a.pollMillis());
    stats(recovery.putObject("offlineDetected"), a.detect());
    stats(recovery.putObject("reconnected"), a.reconnect());
  }

  private static void agentCounts(ObjectNode counts, AgentsSection a) {
    ObjectNode perAgent = counts.putObject("sessionsPerAgent");
    a.sessionsPerAgent().forEach(perAgent::put);
    counts.put("agentsVariance", round(a.variance()));
    counts.put("agentsSpread", round(a.spread()));
    counts.put("createsRefused", a.createsRefused());
    counts.put("commandsLost", a.commandsLost());
    counts.put("sessionsSurvived", a.survived());
    counts.put("sessionsNotSurvived", a.notSurvived());
  }

  private static void session(ObjectNode o, SessionResult s) {
    o.put("id", s.id());
    o.put("attempts", s.attempts());
    o.put("worker", s.worker());
    o.put("agent", s.agent());
    o.put("outcome", s.outcome().name().toLowerCase(Locale.ROOT));
    o.put("failedPhase", s.failedPhase() == null ? null : s.failedPhase().id());
    if (s.diagnosis() == null) {
      o.putNull("diagnosis");
    } else {
      ObjectNode d = o.putObject("diagnosis");
      d.put("code", s.diagnosis().code());
      s.diagnosis().evidence().forEach(d.putArray("evidence")::add);
    }
    ObjectNode phases = o.putObject("phases");
    s.phasesMillis().forEach((phase, ms) -> {
      if (ms.isNaN()) {
        phases.putNull(phase.id()); // reached, not timed: adopted from a lost worker
      } else {
        phases.put(phase.id(), round(ms));
      }
    });
    Isolation iso = s.isolation();
    if (iso == null) {
      o.putNull("isolation");
    } else {
      ObjectNode i = o.putObject("isolation");
      i.put("ownObjects", iso.ownObjects());
      i.put("limitsMatch", iso.limitsMatch());
      i.put("vncDesktop", iso.vncDesktop());
      i.put("isolated", s.isolated());
    }
    o.put("platformSession", s.platformSession());
    o.put("startedAt", s.startedAt() == null ? null : s.startedAt().toString());
  }

  private static void stats(ObjectNode o, PhaseStats s) {
    o.put("count", s.count());
    putMillis(o, "p50", s.p50());
    putMillis(o, "p90", s.p90());
    putMillis(o, "p95", s.p95());
    putMillis(o, "p99", s.p99());
    putMillis(o, "max", s.max());
  }

  private static void criterion(ObjectNode o, CriterionResult c) {
    o.put("metric", c.metric());
    o.put("expression", c.expression());
    if (c.actualValue() == null || !Double.isFinite(c.actualValue())) {
      o.putNull("actual");
    } else if (c.actualValue() == Math.rint(c.actualValue()) && Math.abs(c.actualValue()) < 1e15) {
      // counts read as counts (0, not 0.0)
      o.put("actual", c.actualValue().longValue());
    } else {
      o.put("actual", c.actualValue());
    }
    o.put("passed", c.passed());
    o.put("actualText", c.actual());
  }

  private static void counts(ObjectNode o, Counts c) {
    o.put("planned", c.planned());
    o.put("created", c.created());
    o.put("running", c.running());
    o.put("failed", c.failed());
    o.put("cleanedUp", c.cleanedUp());
    o.put("leaked", c.leaked());
    ObjectNode retained = o.putObject("retained");
    c.retained().forEach((kind, n) -> retained.put(kind.id(), n));
  }

  private static void configuration(ObjectNode o, RunConfiguration c) {
    ObjectNode s = o.putObject("sessions");
    s.put("count", c.sessions().count());
    if (c.sessions().users().size() == 1) {
      s.put("user", c.sessions().users().get(0));
    }
    c.sessions().users().forEach(s.putArray("users")::add);
    s.put("template", c.sessions().template());
    ObjectNode res = s.putObject("resources");
    res.put("memory", c.sessions().resources().memory());
    res.put("cpu", c.sessions().resources().cpu());
    s.put("persistentHome", c.sessions().persistentHome());
    o.put("arrival", c.arrival());
    o.put("holdMillis", c.hold().toMillis());
    c.checks().stream().map(Check::id).forEach(o.putArray("checks")::add);
    ObjectNode t = o.putObject("timeoutsMillis");
    Timeouts timeouts = c.timeouts();
    t.put("provisioned", timeouts.provisioned().toMillis());
    t.put("podReady", timeouts.podReady().toMillis());
    t.put("running", timeouts.running().toMillis());
    t.put("tunnelUp", timeouts.tunnelUp().toMillis());
    t.put("cleanedUp", timeouts.cleanedUp().toMillis());
    c.sandboxFaults().forEach(o.putArray("sandboxFaults")::add);
    if (c.apiStatePollInterval() == null) {
      o.putNull("apiStatePollMillis");
    } else {
      o.put("apiStatePollMillis", c.apiStatePollInterval().toMillis());
    }
  }

  private static void resource(ObjectNode o, RemainingResource r) {
    o.put("kind", r.kind().id());
    o.put("name", r.name());
    o.put("session", r.session());
    o.put("why", r.why());
  }

  private static void putMillis(ObjectNode o, String field, double ms) {
    if (Double.isFinite(ms)) {
      o.put(field, round(ms));
    } else {
      o.putNull(field);
    }
  }

  /** To the microsecond: the nanosecond tail of {@code nanos / 1e6} is noise, not precision. */
  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
