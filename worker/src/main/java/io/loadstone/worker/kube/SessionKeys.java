package io.loadstone.worker.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which session an object belongs to. Deployments, Services and Pods carry {@code session=<id>} (contract section
 * 3). PVCs and Session CRs carry it too in the platform's code and the sandbox, but their names are fixed by the
 * code as well ({@code <id>-home}, {@code <id>}), so those are read from the name when the label is missing:
 * a platform version that does not label them is still observed.
 */
final class SessionKeys {
  static final String APP_LABEL = "app";
  /** the platform puts the session's user on its Deployment, Pod and Service */
  static final String USER_LABEL = "user";
  static final String APP = "streamspace-session";
  static final String SESSION_LABEL = "session";
  static final String PVC_SUFFIX = "-home";

  private SessionKeys() {
  }

  /** The session of a Deployment, Service, Pod, PVC or Session CR, or null if it is not a session's. */
  static String sessionOf(KubeFact.Kind kind, HasMetadata o) {
    if (o == null || o.getMetadata() == null) {
      return null;
    }
    Map<String, String> labels = o.getMetadata().getLabels();
    String label = labels == null ? null : labels.get(SESSION_LABEL);
    if (label != null && !label.isEmpty()) {
      return label;
    }
    String name = o.getMetadata().getName();
    if (name == null) {
      return null;
    }
    return switch (kind) {
      case PVC -> name.endsWith(PVC_SUFFIX) && name.length() > PVC_SUFFIX.length()
          ? name.substring(0, name.length() - PVC_SUFFIX.length()) : null;
      case SESSION_CR -> name;
      default -> null;
    };
  }

  static <T extends HasMetadata> Map<String, Function<T, List<String>>> bySession(KubeFact.Kind kind) {
    return Map.of(KubeObserver.BY_SESSION, o -> {
      String session = sessionOf(kind, o);
      return session == null ? List.of() : List.of(session);
    });
  }

  /**
   * Whether an informer's object really is of its kind. A watch that delivered another kind's object would have it
   * decoded into the informer's class anyway; its {@code kind} field still tells.
   */
  static boolean isKind(KubeFact.Kind kind, HasMetadata o) {
    return o != null && (o.getKind() == null || kind.apiKind().equals(o.getKind()));
  }

  /** {@code <id>-<hash>} (ReplicaSet) or {@code <id>-<hash>-<5>} (Pod) without its last {@code n} segments. */
  static String dropSegments(String name, int n) {
    String out = name;
    for (int i = 0; i < n; i++) {
      int dash = out.lastIndexOf('-');
      if (dash <= 0) {
        return null;
      }
      out = out.substring(0, dash);
    }
    return out;
  }
}
