package io.loadstone.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.WatcherException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KubeApiServerWatchTest {

  private static KubeServerFixture fixture;
  private static Vertx clientVertx;
  private static KubeApiServer server;
  private static KubernetesClient client;

  @BeforeAll
  static void startServer() throws Exception {
    fixture = KubeServerFixture.start(KubeServerOptions.defaults().withMaxPendingWatchBytes(256 * 1024));
    server = fixture.server();
    client = fixture.client();
    clientVertx = fixture.clientVertx();
  }

  @AfterAll
  static void stopServer() throws Exception {
    fixture.close();
  }

  @Test
  void podWatchSeesAddedModifiedModifiedDeletedInOrder() throws Exception {
    RecordingWatcher<Pod> watcher = new RecordingWatcher<>();
    try (Watch ignored = client.pods().withLabel("order", "1").watch(watcher)) {
      client.pods().resource(KubeTestSupport.pod("ordered", Map.of("order", "1"))).create();
      client.pods().withName("ordered").editStatus(p -> new PodBuilder(p).editStatus().withPhase("Running")
          .endStatus().build());
      client.pods().withName("ordered").delete();
      client.pods().withName("ordered").withGracePeriod(0).delete();
      assertThat(watcher.next()).isEqualTo("ADDED ordered");
      assertThat(watcher.next()).isEqualTo("MODIFIED ordered");
      assertThat(watcher.next()).isEqualTo("MODIFIED ordered");
      assertThat(watcher.next()).isEqualTo("DELETED ordered");
      assertThat(watcher.nextOrNothing()).isNull();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.openWatches() == 0);
  }

  @Test
  void watchFromResourceVersionReplaysMissedEvents() throws Exception {
    Pod created = client.pods().resource(KubeTestSupport.pod("replayed", Map.of("replay", "1"))).create();
    client.pods().withName("replayed").edit(p -> new PodBuilder(p).editMetadata().addToLabels("step", "2")
        .endMetadata().build());
    // same labels, other kind: the history holds it, a pod watch must not replay it
    client.configMaps().resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
        .withName("replayed").addToLabels("replay", "1").endMetadata().build()).create();
    client.pods().withName("replayed").edit(p -> new PodBuilder(p).editMetadata().addToLabels("step", "3")
        .endMetadata().build());
    client.pods().withName("replayed").withGracePeriod(0).delete();

    RecordingWatcher<Pod> watcher = new RecordingWatcher<>();
    try (Watch ignored = client.pods().withLabel("replay", "1")
        .watch(new ListOptionsBuilder().withResourceVersion(created.getMetadata().getResourceVersion()).build(),
            watcher)) {
      assertThat(watcher.next()).isEqualTo("MODIFIED replayed");
      assertThat(watcher.objects.poll().getMetadata().getLabels()).containsEntry("step", "2");
      assertThat(watcher.next()).isEqualTo("MODIFIED replayed");
      assertThat(watcher.next()).isEqualTo("DELETED replayed");
      assertThat(watcher.nextOrNothing()).isNull();
    }
  }

  @Test
  void labelWatchSeesObjectsEnterAndLeaveTheSelection() throws Exception {
    client.pods().resource(KubeTestSupport.pod("mover", Map.of("team", "blue"))).create();
    client.pods().resource(KubeTestSupport.pod("outsider", Map.of("team", "green"))).create();
    RecordingWatcher<Pod> watcher = new RecordingWatcher<>();
    try (Watch ignored = client.pods().withLabelIn("team", "red", "purple").watch(watcher)) {
      relabel("outsider", "yellow");
      relabel("mover", "red");
      relabel("mover", "purple");
      relabel("mover", "blue");
      assertThat(watcher.next()).isEqualTo("ADDED mover");
      assertThat(watcher.next()).isEqualTo("MODIFIED mover");
      assertThat(watcher.next()).isEqualTo("DELETED mover");
      assertThat(watcher.nextOrNothing()).isNull();
    }
  }

  @Test
  void tooOldResourceVersionClosesTheWatchWith410() throws Exception {
    client.configMaps().resource(configMap("old-1", "x")).create();
    server.compactHistory().await(5, TimeUnit.SECONDS);
    client.configMaps().resource(configMap("old-2", "x")).create();
    RecordingWatcher<ConfigMap> watcher = new RecordingWatcher<>();
    client.configMaps().watch(new ListOptionsBuilder().withResourceVersion("2").build(), watcher);
    WatcherException cause = watcher.closed.get(10, TimeUnit.SECONDS);
    assertThat(cause).isNotNull();
    assertThat(cause.isHttpGone()).isTrue();
    assertThat(watcher.events).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> server.openWatches() == 0);
  }

  @Test
  void rawHttpWatchStreamsNewlineDelimitedEventsAndEndsAtTimeout() throws Exception {
    client.configMaps().resource(configMap("streamed", "s")).create();
    HttpClient http = clientVertx.createHttpClient();
    BlockingQueue<JsonObject> lines = new LinkedBlockingQueue<>();
    BlockingQueue<String> ended = new LinkedBlockingQueue<>();
    HttpClientResponse response = http.request(new RequestOptions().setMethod(HttpMethod.GET)
            .setAbsoluteURI(server.url() + "/api/v1/namespaces/streamspace/configmaps?watch=1"
                + "&fieldSelector=metadata.name%3Dstreamed&timeoutSeconds=1&allowWatchBookmarks=true"))
        .compose(request -> request.send().map(r -> {
          r.handler(RecordParser.newDelimited("\n", line -> lines.add(line.toJsonObject())));
          r.endHandler(v -> ended.add("end"));
          return r;
        })).await(5, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject first = lines.poll(5, TimeUnit.SECONDS);
    assertThat(first.getString("type")).isEqualTo("ADDED");
    assertThat(first.getJsonObject("object").getJsonObject("metadata").getString("name")).isEqualTo("streamed");
    assertThat(lines.poll(5, TimeUnit.SECONDS).getString("type")).isEqualTo("BOOKMARK");
    assertThat(ended.poll(5, TimeUnit.SECONDS)).isEqualTo("end");
    await().atMost(Duration.ofSeconds(5)).until(() -> server.openWatches() == 0);
    http.close();
  }

  @Test
  void stuckWatcherIsClosedInsteadOfBufferingWithoutBound() throws Exception {
    client.configMaps().resource(configMap("bulky", "0")).create();
    WebSocketClient webSockets = clientVertx.createWebSocketClient();
    BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    WebSocket socket = webSockets.connect(new WebSocketConnectOptions().setAbsoluteURI(server.url().replace("http",
            "ws") + "/api/v1/namespaces/streamspace/configmaps?watch=true&fieldSelector=metadata.name%3Dbulky"))
        .await(5, TimeUnit.SECONDS);
    socket.closeHandler(v -> closes.add("closed"));
    // Never read: the socket, then the server's write queue, then the watch's own queue fill up.
    socket.pause();
    await().atMost(Duration.ofSeconds(5)).until(() -> server.openWatches() == 1);
    String payload = "p".repeat(256 * 1024);
    for (int i = 1; i <= 200 && server.openWatches() > 0; i++) {
      int round = i;
      client.configMaps().withName("bulky").edit(c -> new ConfigMapBuilder(c).withData(Map.of("v", payload + round))
          .build());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.openWatches() == 0);
    assertThat(client.configMaps().withName("bulky").get()).isNotNull();
    socket.resume();
    assertThat(closes.poll(10, TimeUnit.SECONDS)).isEqualTo("closed");
    webSockets.close();
  }

  private static void relabel(String pod, String team) {
    client.pods().withName(pod).edit(p -> new PodBuilder(p).editMetadata().addToLabels("team", team).endMetadata()
        .build());
  }

  private static ConfigMap configMap(String name, String value) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().withData(Map.of("v", value)).build();
  }
}
