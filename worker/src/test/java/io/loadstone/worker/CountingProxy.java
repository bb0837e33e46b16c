package io.loadstone.worker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain HTTP reverse proxy on a free loopback port that records every request line ({@code GET /api/v1/sessions})
 * before forwarding it, so a test can count what a client really sent over the network.
 */
public final class CountingProxy {
  private final HttpServer server;
  private final HttpClient client;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private CountingProxy(HttpServer server, HttpClient client) {
    this.server = server;
    this.client = client;
  }

  public static CountingProxy start(Vertx vertx, String targetUrl) {
    URI target = URI.create(targetUrl);
    HttpClient client = vertx.createHttpClient();
    HttpServer server = vertx.createHttpServer();
    CountingProxy proxy = new CountingProxy(server, client);
    server.requestHandler(req -> proxy.forward(req, target.getHost(), target.getPort()));
    TestSupport.result(server.listen(0, "127.0.0.1"));
    return proxy;
  }

  private void forward(HttpServerRequest req, String host, int port) {
    requests.add(req.method() + " " + req.uri());
    req.body()
        .compose(body -> client.request(new RequestOptions().setMethod(req.method()).setHost(host).setPort(port)
                .setURI(req.uri()))
            .compose(out -> {
              copy(req, out, "Authorization");
              copy(req, out, "Content-Type");
              return out.send(body);
            }))
        .compose(resp -> resp.body().map(b -> {
          req.response().setStatusCode(resp.statusCode());
          String type = resp.getHeader("Content-Type");
          if (type != null) {
            req.response().putHeader("Content-Type", type);
          }
          return b;
        }))
        .onSuccess(b -> req.response().end(b))
        .onFailure(e -> req.response().setStatusCode(502).end());
  }

  private static void copy(HttpServerRequest from, io.vertx.core.http.HttpClientRequest to, String header) {
    String value = from.getHeader(header);
    if (value != null) {
      to.putHeader(header, value);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Request lines seen so far, e.g. {@code GET /api/v1/sessions?user=admin}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  public long count(String requestLinePrefix) {
    return requests.stream().filter(r -> r.startsWith(requestLinePrefix)).count();
  }

  public Future<Void> close() {
    return server.close().compose(v -> client.close());
  }
}
