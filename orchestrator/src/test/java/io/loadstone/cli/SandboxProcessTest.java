package io.loadstone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loadstone sandbox} as a separate JVM, the way scripts and other JVMs use it. */
class SandboxProcessTest {
  @Test
  void servesUntilTerminatedWritesPrivateEndpointsAndRemovesThemOnShutdown(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("fast.yaml");
    try (InputStream in = getClass().getResourceAsStream("/io/loadstone/sandbox/sandbox-fast.yaml")) {
      Files.write(config, in.readAllBytes());
    }
    Path endpoints = dir.resolve("endpoints.json");
    Path stdout = dir.resolve("stdout.txt");
    Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.loadstone.cli.Main", "sandbox", "--port", "0",
        "--agents", "2", "--config", config.toString(), "--endpoints-file", endpoints.toString()))
        .redirectOutput(stdout.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(endpoints) || !process.isAlive());
      assertThat(process.isAlive()).as("sandbox process still running").isTrue();
      JsonObject ep = new JsonObject(Files.readString(endpoints));
      assertThat(ep.getString("namespace")).isEqualTo("streamspace");
      assertThat(ep.getString("username")).isEqualTo("admin");
      assertThat(ep.getJsonArray("agents").getList()).containsExactly("k8s-agent-1", "k8s-agent-2");
      assertThat(Files.getPosixFilePermissions(endpoints))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

      HttpClient http = HttpClient.newHttpClient();
      var login = http.send(HttpRequest.newBuilder(URI.create(ep.getString("api") + "/api/v1/auth/login"))
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "admin")
              .put("password", ep.getString("password")).encode())).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).isEqualTo(200);
      var version = http.send(HttpRequest.newBuilder(URI.create(ep.getString("kubernetes") + "/version")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(version.statusCode()).isEqualTo(200);

      String printed = Files.readString(stdout) + Files.readString(dir.resolve("stderr.txt"));
      assertThat(printed).contains(ep.getString("api")).contains(ep.getString("kubernetes"))
          .doesNotContain(ep.getString("password"));
    } finally {
      process.destroy(); // SIGTERM, as Ctrl-C or a supervisor would
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
    }
    assertThat(endpoints).doesNotExist();
    assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("pod simulator closed");
  }
}
