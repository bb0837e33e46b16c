package io.loadstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code loadstone cleanup} refusing what it cannot act on, before any platform is needed (or reachable). */
@Timeout(30)
class CleanupUsageTest {
  private static final String RUN = "20261124-140000-a3f9";
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int cleanup(String... args) {
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("cleanup"));
    all.addAll(List.of(args));
    return cl.execute(all.toArray(String[]::new));
  }

  private static Path write(Path dir, String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static Path targetPlan(Path dir) throws Exception {
    return write(dir, "plan.yaml", """
        name: real
        target: {api: "https://streamspace.example.com", username: admin, passwordEnv: STREAMSPACE_PASSWORD}
        sessions: {count: 1, template: firefox-browser}
        """);
  }

  @Test
  void helpListsTheCommandItsOptionsAndExitCodes() {
    assertThat(cleanup("--help")).isZero();
    assertThat(out.toString()).contains("--run=RUN_ID").contains("--target=FILE").contains("--events=FILE")
        .contains("--timeout=DURATION").contains("120s").contains("1   something is left");
    out.getBuffer().setLength(0);

    assertThat(Main.commandLine().setOut(new PrintWriter(out, true)).execute("--help")).isZero();
    assertThat(out.toString()).contains("cleanup");
  }

  @Test
  void bothPlanAndTargetFileIsAUsageError(@TempDir Path dir) throws Exception {
    Path target = write(dir, "target.yaml", "api: https://x.example.com\nusername: admin\npasswordEnv: P\n");

    assertThat(cleanup("--run", RUN, targetPlan(dir).toString(), "--target", target.toString())).isEqualTo(2);

    assertThat(err.toString().strip())
        .isEqualTo("loadstone cleanup: name the platform once: a PLAN or --target FILE, not both");
  }

  @Test
  void neitherPlanNorTargetFileIsAUsageError() {
    assertThat(cleanup("--run", RUN)).isEqualTo(2);

    assertThat(err.toString().strip())
        .isEqualTo("loadstone cleanup: name the platform: a PLAN with a target: block, or --target FILE");
  }

  @Test
  void planOnTheEmbeddedSandboxHasNothingToCleanUp(@TempDir Path dir) throws Exception {
    Path plan = write(dir, "sandbox-plan.yaml", "name: local\nsessions: {count: 2, template: firefox-browser}\n");

    assertThat(cleanup("--run", RUN, plan.toString())).isEqualTo(2);

    assertThat(err.toString().strip()).isEqualTo("loadstone cleanup: " + plan + " has no target: block, so it runs "
        + "on the embedded sandbox, which ends with its run and takes every session with it: there is nothing to "
        + "clean up");
  }

  @Test
  void missingRunIsAUsageError(@TempDir Path dir) throws Exception {
    assertThat(cleanup(targetPlan(dir).toString())).isEqualTo(2);

    assertThat(err.toString()).contains("Missing required option: '--run=RUN_ID'");
  }

  @Test
  void malformedRunIdAndTimeoutAreUsageErrors(@TempDir Path dir) throws Exception {
    assertThat(cleanup("--run", "../etc", targetPlan(dir).toString())).isEqualTo(2);
    assertThat(cleanup("--run", RUN, "--timeout", "120", targetPlan(dir).toString())).isEqualTo(2);

    assertThat(err.toString()).contains("loadstone cleanup: --run: expected 1-63 letters, digits, '-', '_' or '.' "
            + "starting and ending with a letter or digit, got \"../etc\"")
        .contains("loadstone cleanup: --timeout: expected a duration like \"30s\", \"1m30s\" or \"250ms\", got \"120\"");
  }

  @Test
  void invalidTargetFileNamesFileFieldExpectedAndFoundWithoutTheSecret(@TempDir Path dir) throws Exception {
    Path target = write(dir, "target.yaml", """
        api: ftp://streamspace.example.com
        username: admin
        password: hunter2-secret
        namespce: streamspace
        """);

    assertThat(cleanup("--run", RUN, "--target", target.toString())).isEqualTo(2);

    assertThat(err.toString().lines().toList()).containsExactly(
        target + ": password: expected passwordEnv or passwordFile (secrets never go in plans), got a literal password "
            + "(value not shown)",
        target + ": namespce: unknown field (did you mean \"namespace\"?)",
        target + ": api: expected an http(s) URL like \"https://streamspace.example.com\", got "
            + "\"ftp://streamspace.example.com\"",
        target + ": (top): expected one of passwordEnv or passwordFile, got neither",
        target + ": invalid (4 problems)");
    assertThat(err.toString()).doesNotContain("hunter2");
  }

  @Test
  void targetFileWithSyntaxErrorOrRepeatedKeyNamesTheLine(@TempDir Path dir) throws Exception {
    Path broken = write(dir, "broken.yaml", "api: \"https://x.example.com\nusername: admin\n");
    Path repeated = write(dir, "repeated.yaml", "api: https://x.example.com\nusername: admin\napi: https://y\n");

    assertThat(cleanup("--run", RUN, "--target", broken.toString())).isEqualTo(2);
    assertThat(cleanup("--run", RUN, "--target", repeated.toString())).isEqualTo(2);

    assertThat(err.toString()).containsPattern(broken + ": line \\d+, column \\d+: expected valid YAML, got ")
        .contains(repeated + ": line 3: expected each key once, got 'api' again");
  }

  @Test
  void planPassedAsTargetFileIsExplained(@TempDir Path dir) throws Exception {
    assertThat(cleanup("--run", RUN, "--target", targetPlan(dir).toString())).isEqualTo(2);

    assertThat(err.toString()).contains(dir.resolve("plan.yaml") + ": target: expected the target block's fields at "
        + "the top of the file, got a plan's target: block (pass a plan as PLAN, not as --target)");
  }

  @Test
  void unsetPasswordVariableNamesTheFileAndVariable(@TempDir Path dir) throws Exception {
    Path target = write(dir, "target.yaml",
        "api: https://x.example.com\nusername: admin\npasswordEnv: LOADSTONE_TEST_UNSET_PASSWORD_VARIABLE\n");

    assertThat(cleanup("--run", RUN, "--target", target.toString())).isEqualTo(2);

    assertThat(err.toString().strip()).isEqualTo("loadstone cleanup: " + target + ": passwordEnv: environment "
        + "variable LOADSTONE_TEST_UNSET_PASSWORD_VARIABLE is not set");
  }

  @Test
  void unreachablePlatformExitsThreeWithOneLine(@TempDir Path dir) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    write(dir, "password", "not-shown-anywhere\n");
    Path target = write(dir, "target.yaml", "api: http://127.0.0.1:" + closedPort + "\nusername: admin\n"
        + "passwordFile: " + dir.resolve("password") + "\n");

    assertThat(cleanup("--run", RUN, "--target", target.toString())).isEqualTo(3);

    assertThat(err.toString().lines().toList()).hasSize(1).first().asString()
        .startsWith("loadstone: platform unreachable: login: platform unreachable at http://127.0.0.1:" + closedPort);
    assertThat(out + err.toString()).doesNotContain("not-shown-anywhere");
  }
}
