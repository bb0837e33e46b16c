package io.loadstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code worker} and {@code run --cluster} refusing bad options with exit 2 and one line naming the option, before
 * any cluster node starts (nothing binds, nothing is written).
 */
@Timeout(30)
class ClusterUsageTest {
  private static final Path PLAN = Path.of("..", "plans", "test-1.3-concurrent-sessions.yaml");
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void aWorkerWithoutRoomForASessionIsRefused() {
    assertThat(execute("worker", "--capacity", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--capacity: expected >= 1, got 0");
  }

  @Test
  void aJoinAddressWithoutAPortIsRefused() {
    assertThat(execute("worker", "--join", "127.0.0.1:5801,nohost")).isEqualTo(2);
    assertThat(err.toString()).contains("--join: expected HOST:PORT, got \"nohost\"");
  }

  @Test
  void aClusterPortOutOfRangeIsRefused() {
    assertThat(execute("worker", "--cluster-port", "70000")).isEqualTo(2);
    assertThat(err.toString()).contains("cluster port: expected 1-65535, got 70000");
  }

  @Test
  void aClusterRunNeedsAtLeastOneWorkerAndAReadableWait(@TempDir Path dir) {
    assertThat(execute("run", PLAN.toString(), "--out", dir.resolve("a").toString(), "--cluster",
        "--min-workers", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--min-workers: expected >= 1, got 0");
    assertThat(execute("run", PLAN.toString(), "--out", dir.resolve("b").toString(), "--cluster",
        "--worker-wait", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("expected a duration like \"30s\", \"1m30s\" or \"250ms\", got \"soon\"");
    assertThat(execute("run", PLAN.toString(), "--out", dir.resolve("c").toString(), "--cluster",
        "--local-workers", "-1")).isEqualTo(2);
    assertThat(err.toString()).contains("--local-workers: expected >= 0, got -1");
    // refused before the run began: no output folder, no run id spent
    assertThat(List.of("a", "b", "c")).allSatisfy(d -> assertThat(Files.exists(dir.resolve(d))).isFalse());
  }
}
