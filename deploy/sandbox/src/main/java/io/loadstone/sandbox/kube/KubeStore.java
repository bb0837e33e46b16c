package io.loadstone.sandbox.kube;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's storage: the current objects of every kind, one global resource-version counter, and the
 * event history. Every change goes through {@link #commit}, which stamps the next resource version, records the
 * event, hands it to the watch hub and then to the listeners, in that order. Confined to the server's context
 * (no locks); objects handed in are owned by the store from then on and never mutated again.
 */
final class KubeStore {

  private static final Logger log = LoggerFactory.getLogger(KubeStore.class);

  private final Map<ResourceKind, TreeMap<String, JsonObject>> objects = new HashMap<>();
  /** per kind, "labelKey=value" -> keys of the objects carrying it; lists by label select from here, not a scan */
  private final Map<ResourceKind, Map<String, Set<String>>> labelIndex = new HashMap<>();
  /** cluster IP -> how many Services hold it, so the allocator need not scan every Service */
  private final Map<String, Integer> clusterIps = new HashMap<>();
  private final EventHistory history;
  private final List<KubeChangeListener> listeners = new CopyOnWriteArrayList<>();
  private Consumer<StoredEvent> watchFanOut = event -> { };
  private long resourceVersion;
  /** The newest committed object and its JSON when a watch already encoded it, for the writer's response. */
  private JsonObject lastCommitted;
  private String lastCommittedJson;

  KubeStore(int historyCapacity) {
    // Start above zero so that "0" keeps its special meaning ("any version") for clients.
    this.resourceVersion = 1;
    this.history = new EventHistory(historyCapacity, resourceVersion);
    for (ResourceKind kind : ResourceKinds.ALL) {
      objects.put(kind, new TreeMap<>());
      labelIndex.put(kind, new HashMap<>());
    }
  }

  void onCommit(Consumer<StoredEvent> fanOut) {
    this.watchFanOut = fanOut;
  }

  void addListener(KubeChangeListener listener) {
    listeners.add(listener);
  }

  long resourceVersion() {
    return resourceVersion;
  }

  EventHistory history() {
    return history;
  }

  JsonObject get(ResourceKind kind, String namespace, String name) {
    return objects.get(kind).get(KubeObjects.key(namespace, name));
  }

  /** Current objects of a kind matching the filter, in key order (namespace, then name), as a real list is. */
  List<JsonObject> list(ResourceKind kind, ObjectFilter filter) {
    TreeMap<String, JsonObject> all = objects.get(kind);
    Iterable<JsonObject> candidates = all.values();
    boolean sortAfter = false;
    Set<String> indexed = smallestIndexed(kind, filter.labels());
    if (filter.namespace() != null && filter.fields().requiredName() != null) {
      JsonObject one = all.get(KubeObjects.key(filter.namespace(), filter.fields().requiredName()));
      candidates = one == null ? List.of() : List.of(one);
    } else if (indexed != null) {
      List<JsonObject> hits = new ArrayList<>(indexed.size());
      for (String key : indexed) {
        hits.add(all.get(key));
      }
      candidates = hits;
      sortAfter = hits.size() > 1;
    } else if (filter.namespace() != null) {
      // '/' sorts before any name character, so this range is exactly the namespace.
      candidates = all.subMap(filter.namespace() + "/", filter.namespace() + "0").values();
    }
    List<JsonObject> matching = new ArrayList<>();
    for (JsonObject object : candidates) {
      if (filter.matches(object)) {
        matching.add(object);
      }
    }
    if (sortAfter) {
      matching.sort(Comparator.comparing(o -> KubeObjects.key(KubeObjects.namespace(o), KubeObjects.name(o))));
    }
    return matching;
  }

  private Set<String> smallestIndexed(ResourceKind kind, LabelSelector labels) {
    Set<String> smallest = null;
    for (String pair : labels.requiredPairs()) {
      Set<String> keys = labelIndex.get(kind).getOrDefault(pair, Set.of());
      if (smallest == null || keys.size() < smallest.size()) {
        smallest = keys;
      }
    }
    return smallest;
  }

  private void index(ResourceKind kind, String key, JsonObject object, boolean add) {
    JsonObject metadata = object == null ? null : object.getJsonObject("metadata");
    JsonObject labels = metadata == null ? null : metadata.getJsonObject("labels");
    if (labels == null) {
      return;
    }
    Map<String, Set<String>> index = labelIndex.get(kind);
    for (Map.Entry<String, Object> label : labels) {
      String pair = label.getKey() + "=" + label.getValue();
      if (add) {
        index.computeIfAbsent(pair, p -> new HashSet<>()).add(key);
      } else {
        Set<String> keys = index.get(pair);
        if (keys != null && keys.remove(key) && keys.isEmpty()) {
          index.remove(pair);
        }
      }
    }
  }

  /** Whether a Service holds this cluster IP. */
  boolean clusterIpInUse(String ip) {
    return clusterIps.containsKey(ip);
  }

  int clusterIpsInUse() {
    return clusterIps.size();
  }

  /**
   * The JSON of {@code object} if it is the newest committed object and a watch already encoded it, else null:
   * a write's response then costs no second encoding.
   */
  String encodedIfLastCommitted(JsonObject object) {
    return object == lastCommitted ? lastCommittedJson : null;
  }

  private void trackClusterIp(ResourceKind kind, JsonObject object, int delta) {
    if (object == null || !kind.isService()) {
      return;
    }
    JsonObject spec = object.getJsonObject("spec");
    String ip = spec == null ? null : spec.getString("clusterIP");
    if (ip != null) {
      clusterIps.merge(ip, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  private static boolean sameLabels(JsonObject a, JsonObject b) {
    JsonObject metaA = a.getJsonObject("metadata");
    JsonObject metaB = b.getJsonObject("metadata");
    Object labelsA = metaA == null ? null : metaA.getValue("labels");
    Object labelsB = metaB == null ? null : metaB.getValue("labels");
    return java.util.Objects.equals(labelsA, labelsB);
  }

  List<JsonObject> all(ResourceKind kind) {
    return new ArrayList<>(objects.get(kind).values());
  }

  /**
   * Commits one change. {@code object} is the new state for ADDED/MODIFIED and the last state for DELETED; it is
   * stamped with the new resource version here. Returns the committed object.
   */
  JsonObject commit(String type, ResourceKind kind, JsonObject object, JsonObject previous) {
    long rv = ++resourceVersion;
    KubeObjects.metadata(object).put("resourceVersion", Long.toString(rv));
    String key = KubeObjects.key(KubeObjects.namespace(object), KubeObjects.name(object));
    JsonObject replaced;
    if (StoredEvent.DELETED.equals(type)) {
      replaced = objects.get(kind).remove(key);
      index(kind, key, replaced, false);
      trackClusterIp(kind, replaced, -1);
    } else {
      replaced = objects.get(kind).put(key, object);
      // Most updates (status writes) keep the labels: the index needs no change then.
      if (replaced == null || !sameLabels(replaced, object)) {
        index(kind, key, replaced, false);
        index(kind, key, object, true);
      }
      trackClusterIp(kind, replaced, -1);
      trackClusterIp(kind, object, 1);
    }
    StoredEvent event = new StoredEvent(rv, type, kind, object, previous);
    history.append(event);
    // Listeners (the ground truth among them) run before any watcher is told, so a recorded commit time is never
    // later than a client's observation of it. They get a copy: the stored snapshot is shared and never changes.
    JsonObject view = listeners.isEmpty() ? null : object.copy();
    for (KubeChangeListener listener : listeners) {
      try {
        listener.onChange(type, kind.plural(), view);
      } catch (RuntimeException e) {
        log.warn("kube listener failed on {} {} {}/{}", type, kind.plural(), KubeObjects.namespace(object),
            KubeObjects.name(object), e);
      }
    }
    watchFanOut.accept(event);
    lastCommitted = object;
    lastCommittedJson = event.encodedObjectIfAny();
    event.releaseEncoding();
    return object;
  }
}
