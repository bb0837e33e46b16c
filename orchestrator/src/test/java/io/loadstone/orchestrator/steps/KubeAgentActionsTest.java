package io.loadstone.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.loadstone.common.plan.step.StepAction;
import io.loadstone.sandbox.Sandbox;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.worker.kube.KubeConfigs;
import io.loadstone.worker.kube.KubeTarget;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes steps through fabric8 against the sandbox's Kubernetes API, on an agent Deployment made for the
 * test (the sandbox's own agents are not pods; a real platform's are).
 */
class KubeAgentActionsTest {
  private static final String NS = "streamspace";
  private static final String AGENT = "streamspace-agent";
  private static Vertx vertx;
  private static Sandbox sandbox;
  private static KubernetesClient kube;
  private static KubeAgentActions actions;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    sandbox = Sandbox.start(vertx, SandboxConfig.defaults()).await();
    KubeTarget target = KubeTarget.master(sandbox.endpoints().kubernetes(), NS);
    kube = KubeConfigs.client(vertx, target);
    actions = new KubeAgentActions(vertx, target);
    kube.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
        .withNewMetadata().withName(AGENT).withLabels(Map.of("app", AGENT)).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", AGENT)).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", AGENT)).endMetadata()
        .withNewSpec().addNewContainer().withName("agent").withImage("streamspace/k8s-agent:v2").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> pods().size() == 1);
  }

  @AfterAll
  static void stop() {
    actions.close().await();
    kube.close();
    sandbox.close().await();
    vertx.close().await();
  }

  private static List<Pod> pods() {
    return kube.pods().inNamespace(NS).withLabel("app", AGENT).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  private static Set<String> podNames() {
    return pods().stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
  }

  @Test
  void deleteAgentPodDeletesWhatTheSelectorMatchesAndTheDeploymentReplacesIt() {
    await().atMost(Duration.ofSeconds(20)).until(() -> pods().size() == 1);
    Set<String> before = podNames();

    String done = actions.run(new StepAction.DeleteAgentPod("app=" + AGENT, null)).await();

    assertThat(done).isEqualTo("deleted " + String.join(", ", before));
    await().atMost(Duration.ofSeconds(20)).until(() -> podNames().size() == 1 && !podNames().containsAll(before));
  }

  @Test
  void scaleAndRestartActOnTheDeployment() {
    assertThat(actions.run(new StepAction.ScaleAgent(AGENT, 2, NS)).await())
        .isEqualTo("scaled Deployment streamspace/streamspace-agent to 2");
    assertThat(kube.apps().deployments().inNamespace(NS).withName(AGENT).get().getSpec().getReplicas()).isEqualTo(2);

    assertThat(actions.run(new StepAction.RestartAgent(AGENT, null)).await())
        .isEqualTo("restarted Deployment streamspace/streamspace-agent (rollout)");
    Deployment restarted = kube.apps().deployments().inNamespace(NS).withName(AGENT).get();
    assertThat(restarted.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("kubectl.kubernetes.io/restartedAt");
    actions.run(new StepAction.ScaleAgent(AGENT, 1, NS)).await();
  }

  @Test
  void nothingToActOnIsAFailureNamingWhat() {
    assertThatThrownBy(() -> actions.run(new StepAction.DeleteAgentPod("app=nobody", null)).await())
        .hasMessage("no pod matches app=nobody in namespace streamspace");
    assertThatThrownBy(() -> actions.run(new StepAction.RestartAgent("no-such-agent", null)).await())
        .hasMessage("no Deployment no-such-agent in namespace streamspace");
  }
}
