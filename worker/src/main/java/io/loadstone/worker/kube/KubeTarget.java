package io.loadstone.worker.kube;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the Kubernetes API that runs the platform's sessions: an explicit master URL (the sandbox), a
 * kubeconfig file, or fabric8's usual resolution ({@code KUBECONFIG}, {@code ~/.kube/config}, in-cluster service
 * account) when both are null. {@code namespace} null keeps the kubeconfig's namespace. Holds no secret itself.
 *
 * @param masterUrl      e.g. {@code http://127.0.0.1:40123}; no credentials are sent
 * @param kubeconfigPath a kubeconfig file (its current context); ignored when masterUrl is set
 * @param namespace      the sessions' namespace ({@code streamspace})
 * @param requestTimeout limit on each API request, and on informer start as a whole (times 3)
 */
public record KubeTarget(String masterUrl, String kubeconfigPath, String namespace, Duration requestTimeout) {
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  public KubeTarget {
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout: expected a positive duration, got " + requestTimeout);
    }
  }

  /** An API server reached directly, without credentials (the sandbox's). */
  public static KubeTarget master(String masterUrl, String namespace) {
    return new KubeTarget(Objects.requireNonNull(masterUrl, "masterUrl"), null, namespace, DEFAULT_REQUEST_TIMEOUT);
  }

  public static KubeTarget kubeconfig(String path, String namespace) {
    return new KubeTarget(null, Objects.requireNonNull(path, "path"), namespace, DEFAULT_REQUEST_TIMEOUT);
  }

  /** fabric8's own resolution: KUBECONFIG, ~/.kube/config, then the in-cluster service account. */
  public static KubeTarget auto(String namespace) {
    return new KubeTarget(null, null, namespace, DEFAULT_REQUEST_TIMEOUT);
  }

  public KubeTarget withRequestTimeout(Duration timeout) {
    return new KubeTarget(masterUrl, kubeconfigPath, namespace, timeout);
  }

  /** How the target was given, for messages: the URL, the kubeconfig path, or "fabric8 auto-configuration". */
  public String describe() {
    if (masterUrl != null) {
      return masterUrl;
    }
    return kubeconfigPath != null ? "kubeconfig " + kubeconfigPath : "fabric8 auto-configuration";
  }
}
