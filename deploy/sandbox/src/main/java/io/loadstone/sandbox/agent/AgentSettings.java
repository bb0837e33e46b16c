package io.loadstone.sandbox.agent;

import io.loadstone.sandbox.config.Timings;
import java.util.Objects;

/**
 * What one sandbox agent needs to run: its identity, where the control plane and the Kubernetes API are, and the
 * platform timings. {@link #toString()} never shows the API key.
 *
 * @param agentId         the id it registers under, e.g. {@code k8s-agent-1}
 * @param apiKey          its 64-hex API key, sent as {@code X-Agent-API-Key}
 * @param controlPlaneUrl base URL of the control plane, {@code http://host:port} (a {@code ws://} URL works too)
 * @param kubeUrl         master URL of the Kubernetes API
 * @param namespace       namespace of the session objects
 * @param region          region reported at registration
 * @param timings         heartbeat, reconnect backoff, pod-ready poll and timeouts
 */
public record AgentSettings(String agentId, String apiKey, String controlPlaneUrl, String kubeUrl,
                            String namespace, String region, Timings timings) {

  public AgentSettings {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(controlPlaneUrl, "controlPlaneUrl");
    Objects.requireNonNull(kubeUrl, "kubeUrl");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(timings, "timings");
  }

  @Override
  public String toString() {
    return "AgentSettings[agentId=" + agentId + ", apiKey=***, controlPlaneUrl=" + controlPlaneUrl + ", kubeUrl="
        + kubeUrl + ", namespace=" + namespace + ", region=" + region + "]";
  }
}
