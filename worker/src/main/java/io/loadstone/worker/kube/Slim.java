package io.loadstone.worker.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Slim copies of the objects a {@link KubeObserver} caches and hands out in {@link KubeFact}s: only what Loadstone
 * reads, every other field null and every other collection a shared immutable empty ({@link Empties}). A cache of
 * full objects cost tens of KiB per session (env vars, managed fields, container statuses, timestamps).
 * <p>
 * Every object keeps {@code kind}, {@code apiVersion} and metadata {@code name}, {@code namespace},
 * {@code resourceVersion}, {@code deletionTimestamp} and only the {@code session} and {@code app} labels. Besides:
 * <ul>
 *   <li>Pod: metadata {@code uid} (tells a replaced pod from the same one); status {@code phase}, {@code podIP}, conditions ({@code type}, {@code status}, {@code reason},
 *       {@code message}); spec containers with their {@code resources} requests and limits only;
 *   <li>Service: spec {@code selector};
 *   <li>Event: {@code type}, {@code reason}, {@code message}, {@code count}, involvedObject {@code kind},
 *       {@code name}, {@code namespace};
 *   <li>Deployment, PersistentVolumeClaim, Session CR: nothing more.
 * </ul>
 * Strings that repeat across objects and sessions (namespace, label keys and values, session ids, pod names, condition
 * and event types and reasons, quantities) are interned, so 1,000 sessions hold each once. The copies are shared
 * between the cache and the facts: never modify one.
 */
final class Slim {
  private Slim() {
  }

  static Deployment deployment(Deployment d) {
    Deployment s = Empties.trim(new Deployment());
    s.setMetadata(meta(d.getMetadata(), true));
    return s;
  }

  static Service service(Service svc) {
    Service s = Empties.trim(new Service());
    s.setMetadata(meta(svc.getMetadata(), true));
    if (svc.getSpec() != null) {
      ServiceSpec spec = Empties.trim(new ServiceSpec());
      spec.setSelector(interned(svc.getSpec().getSelector()));
      s.setSpec(spec);
    }
    return s;
  }

  static Pod pod(Pod p) {
    Pod s = Empties.trim(new Pod());
    s.setMetadata(meta(p.getMetadata(), true));
    if (p.getMetadata() != null) {
      s.getMetadata().setUid(p.getMetadata().getUid());
    }
    PodStatus status = p.getStatus();
    if (status != null) {
      PodStatus st = Empties.trim(new PodStatus());
      st.setPhase(intern(status.getPhase()));
      st.setPodIP(status.getPodIP());
      st.setConditions(conditions(status.getConditions()));
      s.setStatus(st);
    }
    if (p.getSpec() != null) {
      PodSpec spec = Empties.trim(new PodSpec());
      spec.setContainers(containers(p.getSpec().getContainers()));
      s.setSpec(spec);
    }
    return s;
  }

  static PersistentVolumeClaim pvc(PersistentVolumeClaim pvc) {
    PersistentVolumeClaim s = Empties.trim(new PersistentVolumeClaim());
    s.setMetadata(meta(pvc.getMetadata(), false));
    return s;
  }

  static GenericKubernetesResource sessionCr(GenericKubernetesResource cr) {
    GenericKubernetesResource s = Empties.trim(new GenericKubernetesResource());
    s.setApiVersion(intern(cr.getApiVersion()));
    s.setKind(intern(cr.getKind()));
    s.setMetadata(meta(cr.getMetadata(), true));
    return s;
  }

  static Event event(Event e) {
    ObjectReference ref = e.getInvolvedObject();
    ObjectMeta m = e.getMetadata();
    return event(m == null ? null : m.getNamespace(), m == null ? null : m.getName(),
        m == null ? null : m.getResourceVersion(), ref == null ? null : ref.getKind(),
        ref == null ? null : ref.getName(), e.getType(), e.getReason(), e.getMessage(), e.getCount());
  }

  static Event event(String namespace, String name, String resourceVersion, String involvedKind, String involvedName,
                     String type, String reason, String message, Integer count) {
    Event s = Empties.trim(new Event());
    ObjectMeta meta = Empties.trim(new ObjectMeta());
    meta.setName(name);
    meta.setNamespace(intern(namespace));
    meta.setResourceVersion(resourceVersion);
    s.setMetadata(meta);
    ObjectReference ref = Empties.trim(new ObjectReference());
    ref.setKind(intern(involvedKind));
    ref.setName(intern(involvedName));
    ref.setNamespace(intern(namespace));
    s.setInvolvedObject(ref);
    s.setType(intern(type));
    s.setReason(intern(reason));
    s.setMessage(message);
    s.setCount(count);
    return s;
  }

  static String intern(String s) {
    return s == null ? null : s.intern();
  }

  private static ObjectMeta meta(ObjectMeta m, boolean internName) {
    ObjectMeta s = Empties.trim(new ObjectMeta());
    if (m == null) {
      return s;
    }
    s.setName(internName ? intern(m.getName()) : m.getName());
    s.setNamespace(intern(m.getNamespace()));
    s.setResourceVersion(m.getResourceVersion());
    s.setDeletionTimestamp(m.getDeletionTimestamp());
    s.setLabels(labels(m.getLabels()));
    return s;
  }

  private static Map<String, String> labels(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return Map.of();
    }
    String session = intern(labels.get(SessionKeys.SESSION_LABEL));
    String app = intern(labels.get(SessionKeys.APP_LABEL));
    if (session == null) {
      return app == null ? Map.of() : Map.of(SessionKeys.APP_LABEL, app);
    }
    return app == null ? Map.of(SessionKeys.SESSION_LABEL, session)
        : Map.of(SessionKeys.SESSION_LABEL, session, SessionKeys.APP_LABEL, app);
  }

  private static Map<String, String> interned(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map.Entry<String, String>[] entries = new Map.Entry[map.size()];
    int n = 0;
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey() != null && e.getValue() != null) {
        entries[n++] = Map.entry(intern(e.getKey()), intern(e.getValue()));
      }
    }
    return Map.ofEntries(Arrays.copyOf(entries, n));
  }

  private static List<PodCondition> conditions(List<PodCondition> conditions) {
    if (conditions == null || conditions.isEmpty()) {
      return List.of();
    }
    PodCondition[] out = new PodCondition[conditions.size()];
    int n = 0;
    for (PodCondition c : conditions) {
      if (c != null) {
        PodCondition s = Empties.trim(new PodCondition());
        s.setType(intern(c.getType()));
        s.setStatus(intern(c.getStatus()));
        s.setReason(intern(c.getReason()));
        s.setMessage(c.getMessage());
        out[n++] = s;
      }
    }
    return List.of(Arrays.copyOf(out, n));
  }

  private static List<Container> containers(List<Container> containers) {
    if (containers == null || containers.isEmpty()) {
      return List.of();
    }
    Container[] out = new Container[containers.size()];
    int n = 0;
    for (Container c : containers) {
      if (c != null) {
        Container s = Empties.trim(new Container());
        ResourceRequirements r = c.getResources();
        if (r != null) {
          ResourceRequirements rs = Empties.trim(new ResourceRequirements());
          rs.setRequests(quantities(r.getRequests()));
          rs.setLimits(quantities(r.getLimits()));
          s.setResources(rs);
        }
        out[n++] = s;
      }
    }
    return List.of(Arrays.copyOf(out, n));
  }

  private static Map<String, Quantity> quantities(Map<String, Quantity> values) {
    if (values == null || values.isEmpty()) {
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map.Entry<String, Quantity>[] entries = new Map.Entry[values.size()];
    int n = 0;
    for (Map.Entry<String, Quantity> e : values.entrySet()) {
      Quantity q = e.getValue();
      if (e.getKey() != null && q != null) {
        entries[n++] = Map.entry(intern(e.getKey()),
            Empties.trim(new Quantity(intern(q.getAmount()), intern(q.getFormat()))));
      }
    }
    return Map.ofEntries(Arrays.copyOf(entries, n));
  }
}
