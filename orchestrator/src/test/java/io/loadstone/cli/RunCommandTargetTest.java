package io.loadstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.sandbox.Sandbox;
import io.loadstone.sandbox.SandboxEndpoints;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.sandbox.config.SandboxConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loadstone run} with a {@code target:}: a sandbox started here plays the real platform, reached only through
 * its REST URL, a password file and a kubeconfig, as a platform team would point Loadstone at theirs.
 */
@Timeout(60)
class RunCommandTargetTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Vertx vertx = Vertx.vertx();
  private final Sandbox sandbox = Sandbox.start(vertx, SandboxConfigLoader.parse("fast",
      RunPlans.FAST_SANDBOX.stripIndent(), SandboxConfig.defaults())).await();
  private final SandboxEndpoints ep = sandbox.endpoints();

  @AfterEach
  void close() {
    sandbox.close().await();
    vertx.close().await();
  }

  private int run(String... args) {
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private Path plan(Path dir, String password, String kubeServer) throws Exception {
    Path passwordFile = dir.resolve("password");
    Files.writeString(passwordFile, password + "\n");
    Path kubeconfig = CleanupFixture.kubeconfig(dir, kubeServer);
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, """
        name: target-run
        target: {api: "%s", username: %s, passwordFile: "%s", kubeconfig: "%s", namespace: streamspace}
        sessions: {count: 2, template: firefox-browser, resources: {memory: 512Mi, cpu: 250m}}
        hold: 200ms
        checks: [isolation, vnc]
        criteria: {running.rate: ["== 100%%"], leaked: ["== 0"]}
        """.formatted(ep.api(), ep.username(), passwordFile, kubeconfig));
    return plan;
  }

  @Test
  void targetPlanRunsThroughUrlPasswordFileAndKubeconfig(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("out");

    assertThat(run("run", plan(tmp, ep.password(), ep.kubernetes()).toString(), "--out", dir.toString()))
        .as(err.toString()).isZero();

    JsonObject results = new JsonObject(Files.readString(dir.resolve("results.json")));
    assertThat(results.getJsonObject("target").getString("kind")).isEqualTo("platform");
    assertThat(results.getJsonArray("sessions")).hasSize(2);
    assertThat(dir.resolve("sandbox-truth.json")).doesNotExist();
    assertThat(out.toString() + err.toString()).doesNotContain(ep.password());
  }

  @Test
  void refusedLoginExitsThreeWithOneLine(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("out");

    assertThat(run("run", plan(tmp, "wrong-password", ep.kubernetes()).toString(), "--out", dir.toString()))
        .isEqualTo(3);

    assertThat(err.toString()).contains("loadstone: login refused by " + ep.api() + " for user " + ep.username())
        .doesNotContain("wrong-password");
    assertThat(new JsonObject(Files.readString(dir.resolve("results.json"))).getString("verdict")).isEqualTo("error");
  }

  @Test
  void unreachableKubernetesExitsThreeWithOneLine(@TempDir Path tmp) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Path dir = tmp.resolve("out");

    assertThat(run("run", plan(tmp, ep.password(), "http://127.0.0.1:" + closedPort).toString(), "--out",
        dir.toString())).isEqualTo(3);

    assertThat(err.toString()).contains("loadstone: Kubernetes API unreachable").contains(":" + closedPort);
  }
}
