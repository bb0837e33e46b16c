package io.loadstone.worker.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** What the client accepts from the platform: the code's answers and the test plans' variants. */
class ResponseParsingTest {
  @Test
  void createReadsAgentAndCommandFromTheStatusMessage() {
    CreatedSession s = CreatedSession.fromJson(new JsonObject().put("name", "admin-firefox-browser-d40f9190")
        .put("state", "pending").put("status", new JsonObject().put("phase", "Pending")
            .put("message", "Session provisioning in progress (agent: k8s-prod-us-east-1, command: cmd-1a2b3c4d)")), 0L);
    assertThat(s.name()).isEqualTo("admin-firefox-browser-d40f9190");
    assertThat(s.agentId()).isEqualTo("k8s-prod-us-east-1");
    assertThat(s.commandId()).isEqualTo("cmd-1a2b3c4d");
    assertThat(s.state()).isEqualTo("pending");
  }

  @Test
  void aMessageOfAnotherFormLeavesAgentAndCommandUnknown() {
    CreatedSession s = CreatedSession.fromJson(new JsonObject().put("name", "x")
        .put("status", new JsonObject().put("message", "Session created")), 0L);
    assertThat(s.agentId()).isNull();
    assertThat(s.commandId()).isNull();
    assertThat(CreatedSession.fromJson(new JsonObject().put("name", "x").put("status", "odd"), 0L).agentId()).isNull();
  }

  @Test
  void theTestPlansSessionIdFieldIsAcceptedWhenNameIsMissing() {
    assertThat(CreatedSession.fromJson(new JsonObject().put("sessionId", "s-1"), 0L).name()).isEqualTo("s-1");
  }

  @Test
  void aViewReadsPodAndUrlFromStatus() {
    SessionView v = SessionView.fromJson(new JsonObject().put("name", "s-1").put("state", "running")
        .put("status", new JsonObject().put("podName", "s-1-abc-12345").put("url", "/api/v1/sessions/s-1/vnc")));
    assertThat(v.podName()).isEqualTo("s-1-abc-12345");
    assertThat(v.url()).isEqualTo("/api/v1/sessions/s-1/vnc");
    assertThat(SessionView.fromJson(new JsonObject().put("name", "s-2")).podName()).isNull();
  }

  @Test
  void anErrorWithoutJsonFieldsIsDescribedByItsBody() {
    PlatformException e = new PlatformException("getSession", 502, null, null, "<html>Bad Gateway</html>");
    assertThat(e.getMessage()).isEqualTo("getSession failed: HTTP 502, body: <html>Bad Gateway</html>");
    assertThat(new PlatformException("createSession", 503, "No agents available", "none online", "{}").getMessage())
        .isEqualTo("createSession failed: HTTP 503 No agents available: none online");
  }

  @Test
  void thePasswordNeverShowsInTheTarget() {
    assertThat(PlatformTarget.of("https://streamspace.example.com/", "admin", "hunter2").toString())
        .doesNotContain("hunter2").contains("https://streamspace.example.com,");
  }
}
