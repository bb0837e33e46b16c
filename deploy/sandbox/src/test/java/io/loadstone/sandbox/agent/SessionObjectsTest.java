package io.loadstone.sandbox.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionObjectsTest {
  private static final JsonObject MANIFEST = new JsonObject()
      .put("apiVersion", "stream.space/v1alpha1").put("kind", "Template")
      .put("metadata", new JsonObject().put("name", "firefox-browser"))
      .put("spec", new JsonObject().put("displayName", "Firefox Web Browser")
          .put("baseImage", "lscr.io/linuxserver/firefox:latest")
          .put("ports", new JsonArray().add(new JsonObject().put("name", "vnc").put("containerPort", 3000)))
          .put("env", new JsonArray().add(new JsonObject().put("name", "TZ").put("value", "Europe/Paris"))
              .add(new JsonObject().put("name", "TITLE").put("value", "Firefox"))));

  private static JsonObject payload() {
    return new JsonObject().put("sessionId", "admin-firefox-browser-d40f9190").put("user", "admin")
        .put("template", "firefox-browser").put("templateManifest", MANIFEST).put("namespace", "streamspace")
        .put("memory", "2Gi").put("cpu", "1000m").put("persistentHome", true);
  }

  @Test
  void deploymentIsNamedLabelledAndSizedLikeTheRealAgent() {
    SessionSpec spec = SessionSpec.parse(payload());
    Deployment d = SessionObjects.deployment("streamspace", spec, SessionSpec.Template.fromPayload(payload()));

    Map<String, String> labels = Map.of("app", "streamspace-session", "session", "admin-firefox-browser-d40f9190",
        "user", "admin", "template", "firefox-browser");
    assertThat(d.getMetadata().getName()).isEqualTo("admin-firefox-browser-d40f9190");
    assertThat(d.getMetadata().getLabels()).isEqualTo(labels);
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(labels);
    assertThat(d.getSpec().getSelector().getMatchLabels()).containsExactly(Map.entry("session",
        "admin-firefox-browser-d40f9190"));
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    assertThat(c.getName()).isEqualTo("session");
    assertThat(c.getImage()).isEqualTo("lscr.io/linuxserver/firefox:latest");
    assertThat(c.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("vnc");
      assertThat(p.getContainerPort()).isEqualTo(3000);
    });
    assertThat(c.getResources().getRequests()).isEqualTo(c.getResources().getLimits())
        .containsEntry("memory", new Quantity("2Gi")).containsEntry("cpu", new Quantity("1000m"));
    assertThat(c.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).contains(
        org.assertj.core.groups.Tuple.tuple("USER", "admin"),
        org.assertj.core.groups.Tuple.tuple("SESSION_ID", "admin-firefox-browser-d40f9190"),
        org.assertj.core.groups.Tuple.tuple("PUID", "1000"), org.assertj.core.groups.Tuple.tuple("PGID", "1000"),
        org.assertj.core.groups.Tuple.tuple("TZ", "UTC"), org.assertj.core.groups.Tuple.tuple("TITLE", "Firefox"));
    assertThat(c.getVolumeMounts()).singleElement().satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/config"));
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).singleElement().satisfies(v ->
        assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("admin-firefox-browser-d40f9190-home"));
  }

  @Test
  void emptyResourcesFallBackToTheRealDefaults() {
    JsonObject p = payload().put("memory", "").put("cpu", "").put("persistentHome", false);
    Deployment d = SessionObjects.deployment("streamspace", SessionSpec.parse(p), SessionSpec.Template.fromPayload(p));
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"))
        .containsEntry("cpu", new Quantity("1000m"));
    assertThat(c.getVolumeMounts()).isEmpty();
  }

  @Test
  void serviceAndPvcMatchTheContract() {
    SessionSpec spec = SessionSpec.parse(payload());
    var svc = SessionObjects.service("streamspace", spec);
    assertThat(svc.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(svc.getSpec().getSelector()).containsExactly(Map.entry("session", spec.sessionId()));
    assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("vnc");
      assertThat(p.getPort()).isEqualTo(3000);
      assertThat(p.getTargetPort().getIntVal()).isEqualTo(3000);
    });
    var pvc = SessionObjects.pvc("streamspace", spec);
    assertThat(pvc.getMetadata().getName()).isEqualTo(spec.sessionId() + "-home");
    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("standard");
    assertThat(pvc.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("10Gi"));
  }

  @Test
  void missingFieldsFailWithTheRealAgentsMessages() {
    assertThatThrownBy(() -> SessionSpec.parse(payload().put("sessionId", "")))
        .isInstanceOf(CommandException.class).hasMessage("missing or invalid sessionId");
    assertThatThrownBy(() -> SessionSpec.parse(payload().putNull("user")))
        .hasMessage("missing or invalid user");
    assertThatThrownBy(() -> SessionSpec.Template.fromPayload(payload().put("templateManifest",
        new JsonObject().put("spec", new JsonObject()))))
        .hasMessage("failed to parse template manifest: template missing baseImage");
    JsonObject bad = payload().put("memory", "lots");
    assertThatThrownBy(() -> SessionObjects.deployment("streamspace", SessionSpec.parse(bad),
        SessionSpec.Template.fromPayload(bad))).hasMessageStartingWith("failed to create deployment: invalid memory value");
  }

  @Test
  void manifestSentAsJsonTextIsRead() {
    JsonObject p = payload().put("templateManifest", MANIFEST.encode());
    assertThat(SessionSpec.Template.fromPayload(p).baseImage()).isEqualTo("lscr.io/linuxserver/firefox:latest");
  }
}
