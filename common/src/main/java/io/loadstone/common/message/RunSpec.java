package io.loadstone.common.message;

import java.util.Objects;

/**
 * What a worker node needs to run sessions of a run: the plan as written, and the platform to reach.
 * <p>
 * With a plan {@code target:} the worker resolves the password and kubeconfig itself ({@code passwordEnv},
 * {@code passwordFile}, {@code kubeconfig} on ITS host), so no secret crosses the bus and {@code password},
 * {@code kubernetes} are null. With the embedded sandbox the orchestrator passes the sandbox's endpoints,
 * including its generated admin password: {@link #toString()} never shows it.
 *
 * @param orchestratorNode the orchestrator's cluster node id
 * @param planSource       where the plan came from (for messages)
 * @param planYaml         the plan file's text
 * @param api              the control plane's base URL, or null to use the plan's target
 * @param username         the platform user, or null to use the plan's target
 * @param password         the sandbox's password, or null
 * @param kubernetes       the Kubernetes API URL (no kubeconfig needed), or null to use the plan's target
 * @param namespace        the sessions' namespace, or null to use the plan's target
 */
public record RunSpec(RunId run, String orchestratorNode, String planSource, String planYaml, String api,
                      String username, String password, String kubernetes, String namespace) {
  public RunSpec {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(orchestratorNode, "orchestratorNode");
    Objects.requireNonNull(planSource, "planSource");
    Objects.requireNonNull(planYaml, "planYaml");
  }

  /** True when the orchestrator passed the endpoints of its embedded sandbox. */
  public boolean sandbox() {
    return api != null;
  }

  @Override
  public String toString() {
    return "RunSpec[run=" + run + ", orchestratorNode=" + orchestratorNode + ", plan=" + planSource + ", api=" + api
        + ", username=" + username + ", password=" + (password == null ? "none" : "(hidden)") + ", kubernetes="
        + kubernetes + ", namespace=" + namespace + "]";
  }
}
