package io.loadstone.worker.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateListTest {
  @Test
  void readsEachSessionsIdAndStateAndDecodesOnlyWhatIsAskedExactlyAsTheFullList() throws Exception {
    JsonObject first = new JsonObject().put("name", "admin-firefox-browser-d40f9190").put("user", "admin")
        .put("state", "pending").put("status", new JsonObject().put("phase", "Pending")
            .put("message", "Session provisioning in progress (agent: k8s-agent-1, command: cmd-1a2b3c4d) \u00fc\u2713"))
        .put("tags", new JsonArray().add("loadstone-run=r1").add(new JsonObject().put("nested", List.of(1, 2))));
    JsonObject second = new JsonObject().put("sessionId", "admin-firefox-browser-0000aaaa").put("id", "other")
        .put("state", "running").put("status", new JsonObject().put("podName", "p-1").put("url", "http://10.0.0.7:3000"));
    JsonObject third = new JsonObject().put("id", "s-3").put("state", "");
    JsonObject body = new JsonObject().put("meta", new JsonObject().put("sessions", "not this"))
        .put("sessions", new JsonArray().add(first).add("not an object").add(second).add(third)).put("total", 3);

    StateList list = StateList.parse(Buffer.buffer(body.encode()), 42);

    assertThat(list.receivedNanos()).isEqualTo(42);
    assertThat(list.entries()).extracting(StateList.Entry::name, StateList.Entry::state).containsExactly(
        org.assertj.core.groups.Tuple.tuple("admin-firefox-browser-d40f9190", "pending"),
        org.assertj.core.groups.Tuple.tuple("admin-firefox-browser-0000aaaa", "running"),
        org.assertj.core.groups.Tuple.tuple("s-3", null));
    // multi-byte characters before the second entry: its byte range must still be exact
    assertThat(list.view(list.entries().get(0))).isEqualTo(SessionView.fromJson(first));
    assertThat(list.view(list.entries().get(1))).isEqualTo(SessionView.fromJson(second));
    assertThat(list.view(list.entries().get(1)).podName()).isEqualTo("p-1");
  }

  @Test
  void anythingButAnObjectWithASessionsArrayIsRefused() {
    assertThatThrownBy(() -> StateList.parse(Buffer.buffer("[]"), 0)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> StateList.parse(Buffer.buffer("{\"total\": 0}"), 0)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> StateList.parse(Buffer.buffer("{\"sessions\": [{\"name\": "), 0))
        .isInstanceOf(IOException.class);
  }
}
