package io.loadstone.common.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad plan, with the exact problems it must produce (without the "plan.yaml: " prefix). */
class PlanProblemsTest {
  private static final String VALID = """
      name: t
      sessions: {count: 1, template: firefox-browser}
      """;

  static Stream<Arguments> badPlans() {
    return Stream.of(
        row("count zero", VALID.replace("count: 1", "count: 0"),
            "sessions.count: expected an integer >= 1, got 0"),
        row("count as text", VALID.replace("count: 1", "count: five"),
            "sessions.count: expected an integer >= 1, got \"five\""),
        row("count fractional", VALID.replace("count: 1", "count: 2.5"),
            "sessions.count: expected an integer >= 1, got 2.5"),
        row("count missing", VALID.replace("count: 1, ", ""),
            "sessions.count: expected an integer >= 1, got nothing"),
        row("negative timeout", VALID + "timeouts: {podReady: -5s}\n",
            "timeouts.podReady: expected a positive duration like \"30s\", got \"-5s\""),
        row("zero timeout", VALID + "timeouts: {running: 0s}\n",
            "timeouts.running: expected a positive duration like \"30s\", got \"0s\""),
        row("bare number timeout", VALID + "timeouts: {tunnelUp: 30}\n",
            "timeouts.tunnelUp: expected a positive duration like \"30s\", got 30"),
        row("unknown timeout", VALID + "timeouts: {podready: 30s}\n",
            "timeouts.podready: unknown field (did you mean \"podReady\"?)"),
        row("negative hold", VALID + "hold: -1s\n",
            "hold: expected a duration >= 0 like \"10s\", got \"-1s\""),
        row("misspelt top-level field", "name: t\nsesions: {count: 1, template: firefox-browser}\n",
            "sesions: unknown field (did you mean \"sessions\"?)"),
        row("misspelt nested field", VALID.replace("template:", "templat:"),
            "sessions.templat: unknown field (did you mean \"template\"?)"),
        row("unknown field, nothing close", VALID + "zzz: 1\n",
            "zzz: unknown field; expected one of name, description, target, sandbox, sessions, arrival, hold, checks, timeouts, criteria, steps"),
        row("name missing", VALID.replace("name: t\n", ""),
            "name: expected a plan name like \"test-1.3-concurrent-sessions\", got nothing"),
        row("name with spaces", VALID.replace("name: t", "name: my plan"),
            "name: expected letters, digits, '.', '_' and '-' (at most 63, starting and ending with a letter or digit), got \"my plan\""),
        row("sessions missing", "name: t\n",
            "sessions: expected a mapping like {count: 5, user: admin, template: firefox-browser}, got nothing"),
        row("sessions a list", "name: t\nsessions: [1]\n",
            "sessions: expected a mapping like {count: 5, user: admin, template: firefox-browser}, got a list"),
        row("user and users", VALID.replace("count: 1", "count: 1, user: a, users: [b]"),
            "sessions.users: give either user or users, not both"),
        row("user not a DNS label", VALID.replace("count: 1", "count: 1, user: Admin_1"),
            "sessions.user: expected a lower-case name (letters, digits and '-', at most 63, starting and ending with a letter or digit), got \"Admin_1\""),
        row("users empty", VALID.replace("count: 1", "count: 1, users: []"),
            "sessions.users: expected a list of user names like [alice, bob] or a mapping like {prefix: load-, count: 20}, got an empty list"),
        row("users repeated and a bad name", VALID.replace("count: 1", "count: 1, users: [ann, bob, ann, 7]"),
            "sessions.users[2]: \"ann\" is already in the list",
            "sessions.users[3]: expected a lower-case name (letters, digits and '-', at most 63, starting and ending with a letter or digit), got 7"),
        row("users generated without a count", VALID.replace("count: 1", "count: 1, users: {prefix: load-}"),
            "sessions.users.count: expected an integer from 1 to 10000, got nothing"),
        row("users generated from a bad prefix", VALID.replace("count: 1", "count: 1, users: {prefix: Load, count: 3}"),
            "sessions.users.prefix: expected a prefix that makes a lower-case name (letters, digits and '-', at most 63, starting and ending with a letter or digit), got \"Load\" (which makes \"Load3\")"),
        row("users generated, misspelt field", VALID.replace("count: 1", "count: 1, users: {prefix: l-, count: 2, cont: 3}"),
            "sessions.users.cont: unknown field (did you mean \"count\"?)"),
        row("other users viewed over VNC without their password", """
            name: t
            target: {api: "https://s.example.com", username: admin, passwordEnv: PW}
            sessions: {count: 2, users: [admin, ann], template: firefox-browser}
            checks: [vnc]
            """, "sessions: the vnc check views each session as its owner (the platform lets no one else), and no "
            + "password is known for user ann: give target.usersPasswordEnv or target.usersPasswordFile, or drop vnc "
            + "from checks"),
        row("users password given twice", """
            name: t
            target: {api: "https://s.example.com", username: admin, passwordEnv: PW, usersPasswordEnv: UPW,
                     usersPasswordFile: /tmp/upw}
            sessions: {count: 2, template: firefox-browser}
            """, "target: expected at most one of usersPasswordEnv or usersPasswordFile, got both"),
        row("persistentHome as text", VALID.replace("count: 1", "count: 1, persistentHome: \"no\""),
            "sessions.persistentHome: expected true or false, got \"no\""),
        row("memory in MB", VALID.replace("count: 1", "count: 1, resources: {memory: 512MB}"),
            "sessions.resources.memory: expected a positive Kubernetes memory quantity like \"512Mi\" or \"2Gi\", got \"512MB\" (did you mean \"512Mi\"?)"),
        row("memory in millibytes", VALID.replace("count: 1", "count: 1, resources: {memory: 512m}"),
            "sessions.resources.memory: expected a positive Kubernetes memory quantity like \"512Mi\" or \"2Gi\", got \"512m\" (did you mean \"512Mi\"?)"),
        row("memory zero", VALID.replace("count: 1", "count: 1, resources: {memory: 0}"),
            "sessions.resources.memory: expected a positive Kubernetes memory quantity like \"512Mi\" or \"2Gi\", got 0"),
        row("cpu garbage", VALID.replace("count: 1", "count: 1, resources: {cpu: 250mi}"),
            "sessions.resources.cpu: expected a positive Kubernetes CPU quantity like \"250m\" or \"1\", got \"250mi\""),
        row("target and sandbox", VALID + """
            target: {api: "https://s.example.com", username: admin, passwordEnv: PW}
            sandbox: {agents: 2}
            """, "sandbox: expected either target (a real platform) or sandbox (the embedded one), got both"),
        row("literal password", VALID + "target: {api: \"https://s.example.com\", username: admin, password: hunter2}\n",
            "target.password: expected passwordEnv or passwordFile (secrets never go in plans), got a literal password (value not shown)",
            "target: expected one of passwordEnv or passwordFile, got neither"),
        row("literal token", VALID + "target: {api: \"https://s.example.com\", username: admin, passwordEnv: PW, token: abc123}\n",
            "target.token: expected passwordEnv or passwordFile (secrets never go in plans), got a literal token (value not shown)"),
        row("both password sources", VALID + "target: {api: \"https://s.example.com\", username: admin, passwordEnv: PW, passwordFile: /pw}\n",
            "target: expected one of passwordEnv or passwordFile, got both"),
        row("password pasted into passwordEnv", VALID + "target: {api: \"https://s.example.com\", username: admin, passwordEnv: \"hunter2!\"}\n",
            "target.passwordEnv: expected an environment variable name like \"STREAMSPACE_PASSWORD\", got something else (not shown, in case it is the password)"),
        row("api without scheme", VALID + "target: {api: streamspace.example.com, username: admin, passwordEnv: PW}\n",
            "target.api: expected an http(s) URL like \"https://streamspace.example.com\", got \"streamspace.example.com\""),
        row("api with credentials", VALID + "target: {api: \"https://admin:hunter2@s.example.com\", username: admin, passwordEnv: PW}\n",
            "target.api: expected an http(s) URL like \"https://streamspace.example.com\" without credentials (secrets never go in plans), got a URL with user info (not shown)"),
        row("kubeconfig content pasted in", VALID + """
            target:
              api: "https://s.example.com"
              username: admin
              passwordEnv: PW
              kubeconfig: |
                apiVersion: v1
                users: [{name: a, user: {token: abc123}}]
            """, "target.kubeconfig: expected a file path like \"~/.kube/config\", got text over several lines (not shown: it looks like file content)"),
        row("target username missing", VALID + "target: {api: \"https://s.example.com\", passwordEnv: PW}\n",
            "target.username: expected a user name like \"admin\", got nothing"),
        row("bad namespace", VALID + "target: {api: \"https://s.example.com\", username: admin, passwordEnv: PW, namespace: Stream_Space}\n",
            "target.namespace: expected a Kubernetes namespace name (lower-case letters, digits and '-'), got \"Stream_Space\""),
        row("sandbox misspelt key", VALID + "sandbox: {agent: 2}\n",
            "sandbox.agent: unknown field (did you mean \"agents\"?)"),
        row("sandbox podReady not a duration", VALID + "sandbox: {podReady: 6}\n",
            "sandbox.podReady: expected a duration like \"6s\" or a distribution {median, p99} / {min, max} / {fixed}, got 6"),
        row("sandbox podReady bad median", VALID + "sandbox: {podReady: {median: six, p95: 9s}}\n",
            "sandbox.podReady.p95: unknown field (did you mean \"p99\"?)",
            "sandbox.podReady.median: expected a duration like \"6s\", got \"six\""),
        row("sandbox faults not a list", VALID + "sandbox: {faults: drop-start-command}\n",
            "sandbox.faults: expected a list of faults like [{kind: drop-start-command, count: 1}], got \"drop-start-command\""),
        row("sandbox fault without kind", VALID + "sandbox: {faults: [{count: 1}]}\n",
            "sandbox.faults[0].kind: expected a fault kind like \"drop-start-command\", got nothing"),
        row("sandbox redeliverCommands not a boolean", VALID + "sandbox: {redeliverCommands: \"yes\"}\n",
            "sandbox.redeliverCommands: expected true or false, got \"yes\""),
        row("ramp arrival", VALID + "arrival: {kind: ramp, over: 1m}\n",
            "arrival.kind: expected burst, got \"ramp\" (ramp and rate arrivals come in a later version)"),
        row("misspelt arrival", VALID + "arrival: {kind: burts}\n",
            "arrival.kind: expected burst, got \"burts\" (did you mean \"burst\"?)"),
        row("arrival as text", VALID + "arrival: burst\n",
            "arrival: expected a mapping like {kind: burst}, got \"burst\""),
        row("unknown check", VALID + "checks: [isolation, vnk]\n",
            "checks[1]: expected one of isolation, vnc, got \"vnk\" (did you mean \"vnc\"?)"),
        row("check twice", VALID + "checks: [vnc, vnc]\n",
            "checks[1]: expected each check once, got \"vnc\" again"),
        row("checks not a list", VALID + "checks: vnc\n",
            "checks: expected a list like [isolation, vnc], got \"vnc\""),
        row("unknown metric", VALID + "criteria: {podReadyy: [\"p95 < 30s\"]}\n",
            "criteria.podReadyy: unknown metric (did you mean \"podReady\"?)"),
        row("metric far from any", VALID + "criteria: {latency: [\"p95 < 30s\"]}\n",
            "criteria.latency: unknown metric; expected a phase (created, provisioned, podReady, running, tunnelUp, terminated, cleanedUp), <phase>.rate, a counter (leaked, failed, retained, retained.pvc, retained.sessionCr, "
                + "creates.refused, commands.lost, sessions.survived, sessions.notSurvived, agent.outages, agent.reconnects, "
                + "sessions.placedOffline), "
                + "an agent latency (agent.offlineDetected, agent.reconnected) or a gauge (agents.variance, agents.spread)"),
        row("phase without statistic", VALID + "criteria: {podReady: [\"< 30s\"]}\n",
            "criteria.podReady[0]: expected a statistic (p50, p90, p95, p99, max, min, mean, count or rate) before the operator, got \"< 30s\""),
        row("unknown statistic", VALID + "criteria: {podReady: [\"p96 < 30s\"]}\n",
            "criteria.podReady[0]: expected a statistic (p50, p90, p95, p99, max, min, mean, count or rate), got \"p96\""),
        row("reversed operator", VALID + "criteria: {podReady: [\"p95 =< 30s\"]}\n",
            "criteria.podReady[0]: expected an operator (==, !=, <, <=, > or >=), got \"=<\" (did you mean \"<=\"?)"),
        row("missing operator", VALID + "criteria: {podReady: [\"p95 30s\"]}\n",
            "criteria.podReady[0]: expected an operator (==, !=, <, <=, > or >=) after \"p95\", got \"30s\""),
        row("latency without unit", VALID + "criteria: {podReady: [\"p95 < 30\"]}\n",
            "criteria.podReady[0]: expected a duration like \"30s\" after \"p95 <\", got \"30\""),
        row("rate as a fraction", VALID + "criteria: {running.rate: [\"== 1\"]}\n",
            "criteria.running.rate[0]: expected a percentage from 0% to 100% like \"100%\" after \"==\", got \"1\""),
        row("rate above 100%", VALID + "criteria: {running.rate: \">= 101%\"}\n",
            "criteria.running.rate: expected a percentage from 0% to 100% like \"100%\" after \">=\", got \"101%\""),
        row("rate with a statistic", VALID + "criteria: {running.rate: [\"p95 == 100%\"]}\n",
            "criteria.running.rate[0]: expected an operator (running.rate takes no statistic), got \"p95\""),
        row("count as a duration", VALID + "criteria: {running: [\"count == 5s\"]}\n",
            "criteria.running[0]: expected a whole number like \"5\" after \"count ==\", got \"5s\""),
        row("counter fractional", VALID + "criteria: {leaked: [\"== 0.5\"]}\n",
            "criteria.leaked[0]: expected a whole number like \"0\" after \"==\", got \"0.5\""),
        row("counter with a statistic", VALID + "criteria: {leaked: [\"max == 0\"]}\n",
            "criteria.leaked[0]: expected an operator (leaked takes no statistic), got \"max\""),
        row("expression not text", VALID + "criteria: {podReady: [30]}\n",
            "criteria.podReady[0]: expected an expression like \"p95 < 30s\", got 30"),
        row("empty expression list", VALID + "criteria: {leaked: []}\n",
            "criteria.leaked: expected a list of expressions like [\"== 0\"], got an empty list"),
        row("duplicate key", "name: t\nsessions:\n  count: 1\n  count: 2\n  template: firefox-browser\n",
            "sessions.count: expected each key once, got it again at line 4 (first at line 3)"),
        row("duplicate top-level key", VALID + "name: u\n",
            "name: expected each key once, got it again at line 3 (first at line 1)"),
        row("malformed YAML", "name: t\nsessions: {count: 1, template: firefox-browser\nhold: 10s\n",
            "line 3, column 5: expected valid YAML, got expected ',' or '}', but got : (while parsing a flow mapping from line 2)"),
        row("tab indentation", "name: t\nsessions:\n\tcount: 1\n",
            "line 3, column 1: expected valid YAML, got found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"),
        row("not a mapping", "- name: t\n",
            "(top): expected a plan (a mapping with name, sessions, ...), got a list"),
        row("empty file", "# nothing yet\n",
            "(top): expected a plan (a mapping with name, sessions, ...), got an empty document"),
        row("two documents", VALID + "---\nname: u\n",
            "(top): expected one YAML document, got another starting at line 4"),
        row("every problem at once", "name: t\nsessions: {count: 0, template: firefox-browser}\nhold: soon\ntimeouts: {podReady: -5s}\n",
            "sessions.count: expected an integer >= 1, got 0",
            "hold: expected a duration >= 0 like \"10s\", got \"soon\"",
            "timeouts.podReady: expected a positive duration like \"30s\", got \"-5s\""));
  }

  private static Arguments row(String what, String yaml, String... problems) {
    return Arguments.of(what, yaml, List.of(problems));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPlans")
  void badPlanGivesExactlyTheseProblems(String what, String yaml, List<String> problems) {
    InvalidPlanException e = catchThrowableOfType(InvalidPlanException.class, () -> PlanLoader.parse("plan.yaml", yaml));
    assertThat(e).as(what).isNotNull();
    assertThat(e.problems()).as(what).containsExactlyElementsOf(problems);
    assertThat(e.lines()).as(what).allSatisfy(line -> assertThat(line).startsWith("plan.yaml: "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPlans")
  void problemsNeverEchoASecret(String what, String yaml, List<String> problems) {
    assertThatThrownBy(() -> PlanLoader.parse("plan.yaml", yaml)).hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("abc123");
  }
}
