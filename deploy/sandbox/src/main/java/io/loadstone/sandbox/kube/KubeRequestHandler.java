package io.loadstone.sandbox.kube;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each HTTP request to discovery, CRUD, subresources or watches, reads bodies with a size limit, and
 * answers every refusal with a Kubernetes {@code Status} (never a stack trace). Runs on the server's context.
 */
final class KubeRequestHandler implements Handler<HttpServerRequest> {

  private static final Logger log = LoggerFactory.getLogger(KubeRequestHandler.class);

  private final KubeOperations operations;
  private final DeleteOperations deletes;
  private final ScaleSubresource scale;
  private final WatchOpener watches;
  private final long maxBodyBytes;

  KubeRequestHandler(KubeOperations operations, WatchOpener watches, long maxBodyBytes) {
    this.operations = operations;
    this.deletes = new DeleteOperations(operations);
    this.scale = new ScaleSubresource(operations);
    this.watches = watches;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(HttpServerRequest request) {
    request.exceptionHandler(e ->
        log.debug("request {} {} failed: {}", request.method(), request.path(), e.toString()));
    if (log.isTraceEnabled()) {
      log.trace("{} {} content-type={} websocket={}", request.method(), request.uri(),
          request.getHeader("Content-Type"), request.canUpgradeToWebSocket());
    }
    try {
      route(request);
    } catch (RuntimeException e) {
      fail(request, e);
    }
  }

  private void route(HttpServerRequest request) {
    ApiPath path = ApiPath.parse(request.path());
    HttpMethod method = request.method();
    if (path.endpoint() != ApiPath.Endpoint.RESOURCE) {
      if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
        throw KubeApiException.methodNotAllowed(method.name(), request.path());
      }
      discovery(request, path);
      return;
    }
    ResourceKind kind = path.kind();
    String namespace = path.namespace();
    String name = path.name();
    if (method == HttpMethod.GET) {
      get(request, path);
    } else if (method == HttpMethod.POST && name == null && namespace != null) {
      withBody(request, body -> new Reply(201, operations.create(kind, namespace, Patches.parseObject(body))));
    } else if (method == HttpMethod.PUT && name != null) {
      withBody(request, body -> new Reply(200, "scale".equals(path.subresource())
          ? scale.replace(kind, namespace, name, Patches.parseObject(body))
          : operations.replace(kind, namespace, name, path.subresource(), Patches.parseObject(body))));
    } else if (method == HttpMethod.PATCH && name != null) {
      String contentType = request.getHeader("Content-Type");
      Patches.type(contentType);
      withBody(request, body -> patch(path, contentType, body));
    } else if (method == HttpMethod.DELETE && path.subresource() == null && namespace != null) {
      MultiMap query = request.params();
      if (name != null) {
        withBody(request, body -> new Reply(200, deletes.delete(kind, namespace, name,
            DeleteOptions.parse(body, query))));
      } else {
        ObjectFilter filter = filter(namespace, query);
        withBody(request, body -> new Reply(200, deletes.deleteCollection(kind, filter,
            DeleteOptions.parse(body, query))));
      }
    } else {
      throw KubeApiException.methodNotAllowed(method.name(), request.path());
    }
  }

  private void get(HttpServerRequest request, ApiPath path) {
    ResourceKind kind = path.kind();
    if (path.name() == null) {
      ObjectFilter filter = filter(path.namespace(), request.params());
      if (WatchOpener.isWatch(request.params())) {
        watches.open(request, kind, filter);
      } else {
        respond(request, 200, operations.list(kind, filter));
      }
    } else if ("scale".equals(path.subresource())) {
      respond(request, 200, scale.get(kind, path.namespace(), path.name()));
    } else {
      respond(request, 200, operations.get(kind, path.namespace(), path.name()));
    }
  }

  private Reply patch(ApiPath path, String contentType, Buffer body) {
    if ("scale".equals(path.subresource())) {
      return new Reply(200, scale.patch(path.kind(), path.namespace(), path.name(), contentType, body));
    }
    // A server-side apply of an absent object creates it, and a create answers 201.
    boolean existed = operations.store().get(path.kind(), path.namespace(), path.name()) != null;
    JsonObject result =
        operations.patch(path.kind(), path.namespace(), path.name(), path.subresource(), contentType, body);
    return new Reply(existed ? 200 : 201, result);
  }

  /** A successful answer: status code and body. */
  private record Reply(int code, JsonObject body) {
  }

  private void discovery(HttpServerRequest request, ApiPath path) {
    switch (path.endpoint()) {
      case ROOT -> {
        JsonArray paths = new JsonArray().add("/api").add("/api/v1").add("/apis");
        ResourceKinds.groupVersions().stream().filter(gv -> gv.contains("/")).forEach(gv -> {
          paths.add("/apis/" + gv.substring(0, gv.indexOf('/'))).add("/apis/" + gv);
        });
        paths.add("/healthz").add("/livez").add("/readyz").add("/version");
        respond(request, 200, new JsonObject().put("paths", paths));
      }
      case CORE_VERSIONS -> respond(request, 200, Discovery.coreVersions(request.authority() == null
          ? "127.0.0.1" : request.authority().toString()));
      case GROUP_LIST -> respond(request, 200, Discovery.groupList());
      case GROUP -> respond(request, 200, Discovery.group(path.group(), true).orElseThrow(() ->
          KubeApiException.notFound("the server could not find the requested resource")));
      case RESOURCE_LIST -> respond(request, 200, Discovery.resourceList(path.group(), path.version())
          .orElseThrow(() -> KubeApiException.notFound("the server could not find the requested resource")));
      case VERSION -> respond(request, 200, Discovery.version());
      case HEALTH -> request.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("ok");
      default -> throw new IllegalStateException("unrouted endpoint " + path.endpoint());
    }
  }

  private static ObjectFilter filter(String namespace, MultiMap query) {
    return new ObjectFilter(namespace, LabelSelector.parse(query.get("labelSelector")),
        FieldSelector.parse(query.get("fieldSelector")));
  }

  /** Reads the body (at most {@code maxBodyBytes}, else 413), runs {@code action} and answers its result. */
  private void withBody(HttpServerRequest request, Function<Buffer, Reply> action) {
    String declared = request.getHeader("Content-Length");
    if (declared != null && parseLength(declared) > maxBodyBytes) {
      tooLarge(request);
      return;
    }
    BodyCollector body = new BodyCollector(maxBodyBytes);
    request.handler(body::append);
    request.endHandler(v -> {
      if (body.overflowed()) {
        tooLarge(request);
        return;
      }
      try {
        Reply reply = action.apply(body.buffer());
        respond(request, reply.code(), reply.body());
      } catch (RuntimeException e) {
        fail(request, e);
      }
    });
  }

  private void tooLarge(HttpServerRequest request) {
    KubeApiException error = KubeApiException.tooLarge(maxBodyBytes);
    // The rest of the body is not read, so this connection cannot carry another request.
    request.response().putHeader("Connection", "close");
    respond(request, error.code(), error.toStatus());
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw KubeApiException.badRequest("invalid Content-Length");
    }
  }

  private void fail(HttpServerRequest request, RuntimeException e) {
    KubeApiException error;
    if (e instanceof KubeApiException kubeError) {
      error = kubeError;
    } else if (e instanceof ClassCastException) {
      // A field of the wrong JSON type (e.g. a number where an object is expected): the client's mistake.
      error = KubeApiException.badRequest("the request body has a field of the wrong type");
    } else {
      log.error("internal error on {} {}", request.method(), request.path(), e);
      error = new KubeApiException(500, "InternalError", "Internal error occurred: " + e.getClass().getSimpleName(),
          null, null, null);
    }
    log.debug("{} {} -> {} {}", request.method(), request.path(), error.code(), error.getMessage());
    respond(request, error.code(), error.toStatus());
  }

  private void respond(HttpServerRequest request, int code, JsonObject body) {
    if (request.response().ended() || request.response().closed()) {
      return;
    }
    // A write answers the object it committed, which its watchers' lines have usually encoded already.
    String encoded = operations.store().encodedIfLastCommitted(body);
    request.response().setStatusCode(code).putHeader("Content-Type", "application/json")
        .end(encoded != null ? Buffer.buffer(encoded) : body.toBuffer());
  }

  /** Accumulates a request body up to a limit, then only counts. */
  private static final class BodyCollector {
    private final long limit;
    private Buffer buffer = Buffer.buffer();
    private boolean overflowed;

    BodyCollector(long limit) {
      this.limit = limit;
    }

    void append(Buffer chunk) {
      if (overflowed) {
        return;
      }
      if (buffer.length() + (long) chunk.length() > limit) {
        overflowed = true;
        buffer = null;
      } else {
        buffer.appendBuffer(chunk);
      }
    }

    boolean overflowed() {
      return overflowed;
    }

    Buffer buffer() {
      return buffer;
    }
  }
}
