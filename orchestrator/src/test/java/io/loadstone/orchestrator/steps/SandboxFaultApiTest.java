package io.loadstone.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loadstone.sandbox.Sandbox;
import io.loadstone.sandbox.config.SandboxConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A fault step's request to the sandbox's own API, against a real sandbox. */
class SandboxFaultApiTest {
  private static Vertx vertx;
  private static Sandbox sandbox;
  private static SandboxFaultApi api;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    sandbox = Sandbox.start(vertx, SandboxConfig.defaults()).await();
    api = new SandboxFaultApi(vertx, sandbox.endpoints().api() + "/");
  }

  @AfterAll
  static void stop() {
    api.close().await();
    sandbox.close().await();
    vertx.close().await();
  }

  private static ObjectNode spec(String json) throws Exception {
    return (ObjectNode) new ObjectMapper().readTree(json);
  }

  @Test
  void aFaultTheSandboxTakesSucceedsWithItsId() throws Exception {
    String done = api.add(spec("{\"kind\":\"drop-start-command\",\"count\":1}")).await();

    assertThat(done).startsWith("sandbox fault ").contains("\"kind\":\"drop-start-command\"");
    assertThat(sandbox.truth().toJson().getJsonArray("faults").encode()).contains("drop-start-command");
  }

  @Test
  void aRefusalFailsWithTheStatusAndTheSandboxsMessage() {
    assertThatThrownBy(() -> api.add(spec("{\"kind\":\"agent-disconnect\",\"agent\":\"k8s-agent-9\"}")).await())
        .hasMessageStartingWith("the sandbox refused the fault (HTTP 400): fault.agent: expected one of k8s-agent-1");
  }
}
