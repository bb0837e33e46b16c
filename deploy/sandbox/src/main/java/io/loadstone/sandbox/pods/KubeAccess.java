package io.loadstone.sandbox.pods;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

/**
 * The simulator's only door to the Kubernetes API: the fabric8 client, whose calls block, run on a worker pool
 * reserved for the simulator so that a burst of writes neither blocks an event loop nor starves other users of
 * Vert.x's shared pool. Writes whose answer the simulator never reads (status patches, events, creates) go through
 * {@link #write} instead: the same request through the same client's asynchronous HTTP layer, with the body encoded
 * by the same serializer, minus the blocking thread hop and the decoding of an answer nobody looks at (the
 * informers bring the new state anyway). Futures complete on the simulator's context.
 */
final class KubeAccess {
  /** The one node of the sandbox cluster; every pod is bound to it. */
  static final String NODE_NAME = "sandbox-node-1";
  static final String NODE_IP = "172.18.0.2";

  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String JSON = "application/json";

  /**
   * Writes sent at once; the rest wait their turn in order. Unbounded, the client would open a connection per
   * write in a burst (its pool allows thousands) and the burst would crowd out everyone else's requests.
   */
  private static final int MAX_WRITES_IN_FLIGHT = 32;

  final KubernetesClient client;
  final String namespace;
  private final WorkerExecutor workers;
  private final Context context;
  private final String baseUrl;
  /** Confined to the simulator's context. */
  private final ArrayDeque<Runnable> queuedWrites = new ArrayDeque<>();
  private int writesInFlight;

  KubeAccess(KubernetesClient client, String namespace, WorkerExecutor workers, Context context) {
    this.client = client;
    this.namespace = namespace;
    this.workers = workers;
    this.context = context;
    String master = client.getMasterUrl().toString();
    this.baseUrl = master.endsWith("/") ? master.substring(0, master.length() - 1) : master;
  }

  <T> Future<T> call(Callable<T> blocking) {
    return workers.executeBlocking(blocking, false);
  }

  /** {@code /api/v1/namespaces/<ns>/<plural>} or {@code /apis/<group/version>/namespaces/<ns>/<plural>}. */
  String collectionPath(String apiVersion, String plural) {
    return (apiVersion.contains("/") ? "/apis/" : "/api/") + apiVersion + "/namespaces/" + namespace + "/" + plural;
  }

  /**
   * Sends {@code body} (encoded as fabric8 encodes it) with {@code method} to {@code path} and succeeds on a 2xx
   * answer without decoding it; otherwise fails with a {@link KubernetesClientException} carrying the status code
   * and the server's Status, as the blocking client would. Call on the simulator's context; never blocks.
   */
  Future<Void> write(String method, String path, String contentType, Object body) {
    String json = client.getKubernetesSerialization().asJson(body);
    Promise<Void> done = Promise.promise();
    queuedWrites.add(() -> send(method, path, contentType, json).onComplete(ar -> {
      writesInFlight--;
      sendQueued();
      done.handle(ar);
    }));
    sendQueued();
    return done.future();
  }

  /** At most {@link #MAX_WRITES_IN_FLIGHT} at once, like the worker pool bounds the blocking calls. */
  private void sendQueued() {
    while (writesInFlight < MAX_WRITES_IN_FLIGHT && !queuedWrites.isEmpty()) {
      writesInFlight++;
      queuedWrites.poll().run();
    }
  }

  private Future<Void> send(String method, String path, String contentType, String json) {
    HttpClient http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder().uri(baseUrl + path).method(method, contentType, json).build();
    return Future.fromCompletionStage(http.sendAsync(request, byte[].class), context).compose(response ->
        response.isSuccessful() ? Future.<Void>succeededFuture() : Future.failedFuture(failure(method, path, response)));
  }

  private KubernetesClientException failure(String method, String path, HttpResponse<byte[]> response) {
    Status status = null;
    byte[] body = response.body();
    if (body != null && body.length > 0) {
      try {
        status = client.getKubernetesSerialization().unmarshal(new String(body, StandardCharsets.UTF_8), Status.class);
      } catch (RuntimeException notAStatus) {
        status = null;
      }
    }
    String message = status != null && status.getMessage() != null ? status.getMessage() : "HTTP " + response.code();
    return new KubernetesClientException("Failure executing: " + method + " at: " + baseUrl + path + ". Message: "
        + message + ".", response.code(), status);
  }

  static boolean notFound(Throwable error) {
    return code(error) == 404;
  }

  /** 409: a conflicting resourceVersion, or a create of a name that exists. */
  static boolean conflict(Throwable error) {
    return code(error) == 409;
  }

  static int code(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() > 0) {
        return k.getCode();
      }
    }
    return -1;
  }

  /** A short description for logs: status code and reason, never a request body. */
  static String describe(Throwable error) {
    int code = code(error);
    String message = String.valueOf(error.getMessage());
    if (message.length() > 200) {
      message = message.substring(0, 200) + "...";
    }
    return code > 0 ? code + " " + message : message;
  }

  /** RFC 3339 in UTC with milliseconds, as a Kubernetes timestamp; Go's RFC 3339 parser accepts the fraction. */
  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  static String now() {
    return timestamp(Instant.now());
  }

  void close() {
    workers.close();
    client.close();
  }
}
