package io.loadstone.sandbox.kube;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path, classified as a real API server does: a discovery or health endpoint, or a resource target
 * ({@code /api/v1/namespaces/{ns}/{plural}[/{name}[/{subresource}]]}, the {@code /apis/{group}/{version}/...} form,
 * or an all-namespaces collection {@code /api/v1/{plural}}).
 *
 * @param endpoint    what the path addresses
 * @param group       for discovery of one group or group/version
 * @param version     for discovery of one group/version
 * @param kind        the resource type, for {@link Endpoint#RESOURCE}
 * @param namespace   null for an all-namespaces collection
 * @param name        null for a collection
 * @param subresource {@code status}, {@code scale} or null
 */
record ApiPath(Endpoint endpoint, String group, String version, ResourceKind kind, String namespace, String name,
               String subresource) {

  enum Endpoint { ROOT, CORE_VERSIONS, GROUP_LIST, GROUP, RESOURCE_LIST, VERSION, HEALTH, RESOURCE }

  static ApiPath parse(String rawPath) {
    List<String> parts = segments(rawPath);
    if (parts.isEmpty()) {
      return simple(Endpoint.ROOT);
    }
    switch (parts.get(0)) {
      case "version" -> {
        if (parts.size() != 1) {
          throw notFound();
        }
        return simple(Endpoint.VERSION);
      }
      case "healthz", "readyz", "livez" -> {
        return simple(Endpoint.HEALTH);
      }
      case "api" -> {
        if (parts.size() == 1) {
          return simple(Endpoint.CORE_VERSIONS);
        }
        if (!"v1".equals(parts.get(1))) {
          throw notFound();
        }
        return parts.size() == 2 ? new ApiPath(Endpoint.RESOURCE_LIST, "", "v1", null, null, null, null)
            : resource("", "v1", parts.subList(2, parts.size()));
      }
      case "apis" -> {
        return switch (parts.size()) {
          case 1 -> simple(Endpoint.GROUP_LIST);
          case 2 -> new ApiPath(Endpoint.GROUP, parts.get(1), null, null, null, null, null);
          case 3 -> new ApiPath(Endpoint.RESOURCE_LIST, parts.get(1), parts.get(2), null, null, null, null);
          default -> resource(parts.get(1), parts.get(2), parts.subList(3, parts.size()));
        };
      }
      default -> throw notFound();
    }
  }

  private static ApiPath resource(String group, String version, List<String> rest) {
    String namespace = null;
    List<String> tail = rest;
    if ("namespaces".equals(rest.get(0))) {
      if (rest.size() < 3) {
        // Namespace objects themselves are not served: every namespace exists implicitly.
        throw notFound();
      }
      namespace = rest.get(1);
      tail = rest.subList(2, rest.size());
    }
    if (tail.size() > 3) {
      throw notFound();
    }
    ResourceKind kind = ResourceKinds.find(group, version, tail.get(0)).orElseThrow(ApiPath::notFound);
    String name = tail.size() > 1 ? tail.get(1) : null;
    String subresource = tail.size() > 2 ? tail.get(2) : null;
    if (namespace == null && name != null) {
      throw notFound();
    }
    if (subresource != null && !(("status".equals(subresource) && kind.hasStatus())
        || ("scale".equals(subresource) && kind.hasScale()))) {
      throw notFound();
    }
    return new ApiPath(Endpoint.RESOURCE, group, version, kind, namespace, name, subresource);
  }

  private static List<String> segments(String rawPath) {
    List<String> parts = new ArrayList<>();
    for (String part : rawPath.split("/")) {
      if (!part.isEmpty()) {
        try {
          parts.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw KubeApiException.badRequest("the request path is not correctly percent-encoded");
        }
      }
    }
    return parts;
  }

  private static ApiPath simple(Endpoint endpoint) {
    return new ApiPath(endpoint, null, null, null, null, null, null);
  }

  private static KubeApiException notFound() {
    return KubeApiException.notFound("the server could not find the requested resource");
  }
}
