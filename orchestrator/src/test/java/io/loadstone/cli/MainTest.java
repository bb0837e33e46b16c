package io.loadstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void helpListsTheSandboxCommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: loadstone").contains("sandbox");
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).contains("loadstone 0.1.0-SNAPSHOT").doesNotContain("${");
  }

  @Test
  void sandboxHelpDocumentsEveryOption() {
    assertThat(run("sandbox", "--help")).isZero();
    assertThat(out.toString()).contains("--port").contains("--agents").contains("--config").contains("--endpoints-file")
        .contains("/sandbox/v1/faults");
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(run("sandbox", "--prot", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown options: '--prot'");
  }

  @Test
  void invalidConfigExitsTwoNamingFileFieldAndSuggestion(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "agentz: 2\ntimings: {heartbeatInterval: 30}\n");
    assertThat(run("sandbox", "--port", "0", "--config", config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(config + ": agentz: unknown field (did you mean \"agents\"?)")
        .contains(config + ": timings.heartbeatInterval: expected a duration");
  }

  @Test
  void portInUseExitsThreeWithOneClearLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(run("sandbox", "--port", Integer.toString(taken.getLocalPort()))).isEqualTo(3);
      assertThat(err.toString()).contains("cannot listen").contains("--port 0");
    }
  }
}
