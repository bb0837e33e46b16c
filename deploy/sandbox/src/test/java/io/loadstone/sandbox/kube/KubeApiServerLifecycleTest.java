package io.loadstone.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubeApiServerLifecycleTest {

  private Vertx vertx;
  private Vertx clientVertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
    clientVertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() throws Exception {
    clientVertx.close().await(5, TimeUnit.SECONDS);
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  private record Change(String type, String resource, String name, long resourceVersion, String thread) {
  }

  @Test
  void listenersSeeEveryCommitInOrderOnTheServerThreadAndGetCopies() throws Exception {
    KubeApiServer server = KubeApiServer.start(vertx, "127.0.0.1", 0).await(10, TimeUnit.SECONDS);
    assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
    assertThat(server.port()).isPositive();
    BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    server.addListener((type, resource, object) -> {
      JsonObject metadata = object.getJsonObject("metadata");
      changes.add(new Change(type, resource, metadata.getString("name"),
          Long.parseLong(metadata.getString("resourceVersion")), Thread.currentThread().getName()));
      metadata.put("name", "mutated-by-listener");
    });
    try (KubernetesClient client = KubeTestSupport.client(clientVertx, server.url())) {
      client.pods().resource(KubeTestSupport.pod("heard", Map.of())).create();
      client.pods().withName("heard").editStatus(p -> new PodBuilder(p).editStatus().withPhase("Running")
          .endStatus().build());
      client.pods().withName("heard").withGracePeriod(0).delete();
      client.apps().deployments().resource(KubeApiServerCrudTest.sessionDeployment("heard")).create();

      List<Change> seen = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        seen.add(changes.poll(5, TimeUnit.SECONDS));
      }
      assertThat(seen).extracting(c -> c.type() + " " + c.resource() + " " + c.name()).containsExactly(
          "ADDED pods heard", "MODIFIED pods heard", "DELETED pods heard", "ADDED deployments heard");
      assertThat(seen).extracting(Change::resourceVersion).isSorted().doesNotHaveDuplicates();
      assertThat(seen).extracting(Change::thread).allMatch(t -> t.startsWith("vert.x-eventloop-thread"))
          .containsOnly(seen.get(0).thread());
      assertThat(client.apps().deployments().withName("heard").get()).isNotNull();
    } finally {
      server.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void closeEndsOpenWatchesAndInformersPromptly() throws Exception {
    KubeApiServer server = KubeTestSupport.start(vertx, KubeServerOptions.defaults());
    KubernetesClient client = KubeTestSupport.client(clientVertx, server.url());
    client.pods().resource(KubeTestSupport.pod("present", Map.of())).create();
    RecordingWatcher<Pod> watcher = new RecordingWatcher<>();
    client.pods().watch(watcher);
    SharedIndexInformer<Pod> informer = client.pods().inform();
    HttpClient http = clientVertx.createHttpClient();
    BlockingQueue<String> streamEnds = new LinkedBlockingQueue<>();
    http.request(new RequestOptions().setMethod(HttpMethod.GET)
            .setAbsoluteURI(server.url() + "/api/v1/pods?watch=true"))
        .compose(request -> request.send().map(response -> {
          response.handler(chunk -> { });
          response.endHandler(v -> streamEnds.add("end"));
          response.exceptionHandler(e -> streamEnds.add("broken"));
          return response;
        })).await(5, TimeUnit.SECONDS);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.openWatches() == 3);

    long start = System.nanoTime();
    server.close().await(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(server.openWatches()).isZero();
    assertThat(streamEnds.poll(5, TimeUnit.SECONDS)).isNotNull();

    long closeClient = System.nanoTime();
    informer.close();
    client.close();
    http.close();
    assertThat(Duration.ofNanos(System.nanoTime() - closeClient)).isLessThan(Duration.ofSeconds(2));
  }
}
