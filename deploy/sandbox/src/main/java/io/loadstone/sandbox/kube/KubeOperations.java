package io.loadstone.sandbox.kube;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Create, read, update and patch with a real API server's rules: server-owned metadata (uid, resourceVersion,
 * creationTimestamp, generation, deletion fields) cannot be set by clients; optimistic concurrency on
 * resourceVersion; the status subresource isolates {@code .status} both ways; generation counts spec changes; an
 * update that changes nothing writes nothing; an update that removes the last finalizer of an object being
 * deleted completes the deletion. Runs on the server's context only.
 */
final class KubeOperations {

  private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern DNS_LABEL_1035 = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");
  private static final List<String> SERVER_OWNED_METADATA = List.of("name", "namespace", "uid", "creationTimestamp",
      "deletionTimestamp", "deletionGracePeriodSeconds", "generation");

  private final KubeStore store;
  private final ObjectDefaults defaults;
  private final Random random;

  KubeOperations(KubeStore store, ObjectDefaults defaults, Random random) {
    this.store = store;
    this.defaults = defaults;
    this.random = random;
  }

  KubeStore store() {
    return store;
  }

  JsonObject get(ResourceKind kind, String namespace, String name) {
    JsonObject object = store.get(kind, namespace, name);
    if (object == null) {
      throw KubeApiException.notFound(kind, name);
    }
    return object;
  }

  JsonObject list(ResourceKind kind, ObjectFilter filter) {
    JsonArray items = new JsonArray();
    for (JsonObject object : store.list(kind, filter)) {
      items.add(object);
    }
    return new JsonObject().put("kind", kind.listKind()).put("apiVersion", kind.apiVersion())
        .put("metadata", new JsonObject().put("resourceVersion", Long.toString(store.resourceVersion())))
        .put("items", items);
  }

  /** POST: the namespace of the path wins over the body's. */
  JsonObject create(ResourceKind kind, String namespace, JsonObject body) {
    checkKind(kind, body);
    JsonObject object = body;
    object.put("apiVersion", kind.apiVersion()).put("kind", kind.kind());
    JsonObject metadata = KubeObjects.metadata(object);
    metadata.put("namespace", namespace);
    String name = metadata.getString("name");
    if (name == null || name.isEmpty()) {
      String prefix = metadata.getString("generateName");
      if (prefix == null || prefix.isEmpty()) {
        throw KubeApiException.invalid(kind, "", "metadata.name", "Required value",
            "name or generateName is required");
      }
      name = generateName(kind, namespace, prefix);
      metadata.put("name", name);
    }
    validateName(kind, name);
    if (store.get(kind, namespace, name) != null) {
      throw KubeApiException.alreadyExists(kind, name);
    }
    metadata.put("uid", UUID.randomUUID().toString());
    metadata.put("creationTimestamp", KubeObjects.timestamp(Instant.now()));
    metadata.remove("deletionTimestamp");
    metadata.remove("deletionGracePeriodSeconds");
    metadata.remove("selfLink");
    metadata.remove("resourceVersion");
    if (tracksGeneration(kind)) {
      metadata.put("generation", 1);
    } else {
      metadata.remove("generation");
    }
    defaults.applyOnCreate(kind, object, store);
    return store.commit(StoredEvent.ADDED, kind, object, null);
  }

  /** PUT on the object ({@code subresource} null) or on its {@code /status}. */
  JsonObject replace(ResourceKind kind, String namespace, String name, String subresource, JsonObject body) {
    checkKind(kind, body);
    checkBodyName(body, name);
    return update(kind, get(kind, namespace, name), body, subresource);
  }

  /** PATCH on the object or its {@code /status}; a server-side apply of an absent object creates it. */
  JsonObject patch(ResourceKind kind, String namespace, String name, String subresource, String contentType,
                   Buffer body) {
    Patches.Type type = Patches.type(contentType);
    JsonObject existing = store.get(kind, namespace, name);
    if (existing == null) {
      if (type == Patches.Type.APPLY && subresource == null) {
        JsonObject applied = Patches.parseApplyBody(body);
        checkBodyName(applied, name);
        KubeObjects.metadata(applied).put("name", name);
        return create(kind, namespace, applied);
      }
      throw KubeApiException.notFound(kind, name);
    }
    JsonObject patched = Patches.apply(type, existing, body, kind);
    checkBodyName(patched, name);
    return update(kind, existing, patched, subresource);
  }

  /**
   * Turns {@code proposed} into the next state of {@code existing} and commits it, or returns {@code existing}
   * when nothing changes. {@code proposed} must be a fresh object the caller no longer uses.
   */
  JsonObject update(ResourceKind kind, JsonObject existing, JsonObject proposed, String subresource) {
    String name = KubeObjects.name(existing);
    String requiredVersion = KubeObjects.resourceVersion(proposed);
    if (requiredVersion != null && !requiredVersion.isEmpty()
        && !requiredVersion.equals(KubeObjects.resourceVersion(existing))) {
      throw KubeApiException.staleResourceVersion(kind, name);
    }
    JsonObject next;
    if ("status".equals(subresource)) {
      // A status write changes only .status; everything else, metadata included, stays as stored. The untouched
      // parts are shared with the stored object, which is never mutated; only the maps written below are new.
      next = shallowCopy(existing);
      next.put("metadata", shallowCopy(existing.getJsonObject("metadata")));
      Object status = proposed.getValue("status");
      if (status == null) {
        next.remove("status");
      } else {
        next.put("status", status);
      }
    } else {
      next = proposed;
      // A patched object shares unpatched parts with the stored one; its metadata is written below, so it gets
      // a map of its own.
      JsonObject proposedMeta = next.getJsonObject("metadata");
      if (proposedMeta != null) {
        next.put("metadata", shallowCopy(proposedMeta));
      }
      next.put("apiVersion", kind.apiVersion()).put("kind", kind.kind());
      if (kind.hasStatus()) {
        Object status = existing.getValue("status");
        if (status == null) {
          next.remove("status");
        } else {
          next.put("status", status);
        }
      }
      keepServerOwnedMetadata(kind, existing, next);
      defaults.preserveOnUpdate(kind, existing, next);
      if (tracksGeneration(kind) && specChanged(existing, next)) {
        JsonObject oldMeta = existing.getJsonObject("metadata");
        long generation = oldMeta.getLong("generation", 1L);
        KubeObjects.metadata(next).put("generation", generation + 1);
      }
    }
    KubeObjects.metadata(next).put("resourceVersion", KubeObjects.resourceVersion(existing));
    if (KubeObjects.sameJson(next, existing)) {
      return existing;
    }
    if (readyToRemove(next)) {
      return store.commit(StoredEvent.DELETED, kind, next, existing);
    }
    return store.commit(StoredEvent.MODIFIED, kind, next, existing);
  }

  /** A new top-level map with the same (shared, never mutated) values. */
  static JsonObject shallowCopy(JsonObject object) {
    return object == null ? new JsonObject() : new JsonObject(new java.util.LinkedHashMap<>(object.getMap()));
  }

  /** An object being deleted goes once no finalizer holds it and no grace period (a pod's) is still running. */
  static boolean readyToRemove(JsonObject object) {
    if (!KubeObjects.isTerminating(object) || !KubeObjects.finalizers(object).isEmpty()) {
      return false;
    }
    Long grace = object.getJsonObject("metadata").getLong("deletionGracePeriodSeconds");
    return grace == null || grace == 0;
  }

  static boolean tracksGeneration(ResourceKind kind) {
    return kind.hasStatus();
  }

  private void keepServerOwnedMetadata(ResourceKind kind, JsonObject existing, JsonObject next) {
    JsonObject oldMeta = existing.getJsonObject("metadata");
    JsonObject newMeta = KubeObjects.metadata(next);
    for (String field : SERVER_OWNED_METADATA) {
      Object value = oldMeta.getValue(field);
      if (value == null) {
        newMeta.remove(field);
      } else {
        newMeta.put(field, value);
      }
    }
    newMeta.remove("selfLink");
    if (KubeObjects.isTerminating(existing)) {
      Set<Object> before = new HashSet<>(KubeObjects.finalizers(existing).getList());
      for (Object finalizer : KubeObjects.finalizers(next)) {
        if (!before.contains(finalizer)) {
          throw new KubeApiException(422, "Invalid", kind.kind() + " \"" + KubeObjects.name(existing)
              + "\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is "
              + "being deleted, found new finalizers [" + finalizer + "]", kind, KubeObjects.name(existing), null);
        }
      }
    }
  }

  /** True if anything outside metadata and status changed: spec for built-in types, any field for CRs. */
  private static boolean specChanged(JsonObject before, JsonObject after) {
    Set<String> keys = new HashSet<>(before.fieldNames());
    keys.addAll(after.fieldNames());
    for (String key : keys) {
      if (key.equals("metadata") || key.equals("status") || key.equals("apiVersion") || key.equals("kind")) {
        continue;
      }
      if (!KubeObjects.sameJson(before.getValue(key), after.getValue(key))) {
        return true;
      }
    }
    return false;
  }

  private String generateName(ResourceKind kind, String namespace, String prefix) {
    // The real server truncates the prefix so the name stays within limits, then adds 5 random characters.
    String base = prefix.length() > 58 ? prefix.substring(0, 58) : prefix;
    while (true) {
      StringBuilder name = new StringBuilder(base);
      for (int i = 0; i < 5; i++) {
        name.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
      }
      if (store.get(kind, namespace, name.toString()) == null) {
        return name.toString();
      }
    }
  }

  private static void validateName(ResourceKind kind, String name) {
    if (kind.isService()) {
      if (name.length() > 63 || !DNS_LABEL_1035.matcher(name).matches()) {
        throw KubeApiException.invalid(kind, name, "metadata.name", "Invalid value", "\"" + name
            + "\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
            + "alphabetic character, and end with an alphanumeric character");
      }
    } else if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      throw KubeApiException.invalid(kind, name, "metadata.name", "Invalid value", "\"" + name
          + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
          + "and must start and end with an alphanumeric character");
    }
  }

  private static void checkKind(ResourceKind kind, JsonObject body) {
    String bodyKind = body.getString("kind");
    if (bodyKind != null && !bodyKind.isEmpty() && !bodyKind.equals(kind.kind())) {
      throw KubeApiException.badRequest("the body is a " + bodyKind + " but the URL is for " + kind.plural());
    }
  }

  private static void checkBodyName(JsonObject body, String name) {
    String bodyName = KubeObjects.name(body);
    if (bodyName != null && !bodyName.isEmpty() && !bodyName.equals(name)) {
      throw KubeApiException.badRequest("the name of the object (" + bodyName
          + ") does not match the name on the URL (" + name + ")");
    }
  }
}
