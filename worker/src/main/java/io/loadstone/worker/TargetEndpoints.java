package io.loadstone.worker;

import io.loadstone.common.plan.MissingSecretException;
import io.loadstone.common.plan.Secret;
import io.loadstone.common.plan.Target;
import io.loadstone.worker.kube.KubeTarget;
import io.loadstone.worker.platform.PlatformTarget;
import java.util.Objects;

/**
 * How to reach a real platform named by a plan's {@code target:} (or a {@code --target} file): its control plane
 * with the password read now from {@code passwordEnv} or {@code passwordFile}, and its Kubernetes API through
 * {@code kubeconfig} or fabric8's usual resolution, on the host that calls {@link #of} (a worker node resolves them
 * itself, so no secret crosses the cluster). {@link #toString()} never shows the password.
 *
 * @param platform the control plane, with the default request timeout and connection pool
 * @param kube     the Kubernetes API holding the session objects, in the target's namespace
 */
public record TargetEndpoints(PlatformTarget platform, KubeTarget kube) {
  public TargetEndpoints {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(kube, "kube");
  }

  /**
   * Reads the target's password and builds both endpoints.
   *
   * @throws MissingSecretException naming the variable or file (never a value) when the password cannot be read
   */
  public static TargetEndpoints of(Target target) {
    String password = target.resolvePassword().reveal();
    String usersPassword = target.resolveUsersPassword(System::getenv).map(Secret::reveal).orElse(null);
    PlatformTarget platform = PlatformTarget.of(target.api().toString(), target.username(), password)
        .withUsersPassword(usersPassword);
    KubeTarget kube = target.kubeconfigPath().map(p -> KubeTarget.kubeconfig(p.toString(), target.namespace()))
        .orElseGet(() -> KubeTarget.auto(target.namespace()));
    return new TargetEndpoints(platform, kube);
  }
}
