package io.loadstone.worker.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An informer's item store that keeps a {@link Slim} copy of every object instead of the object itself; keyed like
 * fabric8's default store ({@code namespace/name}), so {@code getByKey} and the indexes work unchanged. It holds the
 * full state (every object the API listed or watched), so fabric8 delivers the initial list's adds from it after the
 * sync, as slim copies. The index functions run on full objects (new) and slim copies (old), so they may read only
 * what the copy keeps. Writes come from the informer (one at a time, under its cache's lock); reads from any thread.
 */
final class SlimStore<T extends HasMetadata> implements ItemStore<T> {
  private final ConcurrentHashMap<String, T> items = new ConcurrentHashMap<>();
  private final UnaryOperator<T> slim;

  SlimStore(UnaryOperator<T> slim) {
    this.slim = slim;
  }

  /**
   * The slim copy of {@code object}: the cached one when it is that very version (the usual case for an add or an
   * update, stored just before the handler runs), else a fresh copy (a delete, or a newer version already cached).
   */
  T slimOf(T object) {
    T cached = items.get(getKey(object));
    if (cached != null && (cached == object || sameVersion(cached, object))) {
      return cached;
    }
    return slim.apply(object);
  }

  @Override
  public String getKey(T object) {
    return Cache.metaNamespaceKeyFunc(object);
  }

  @Override
  public T put(String key, T object) {
    return items.put(key, slim.apply(object));
  }

  @Override
  public T remove(String key) {
    return items.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<T> values() {
    return items.values().stream();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public T get(String key) {
    return items.get(key);
  }

  private static boolean sameVersion(HasMetadata a, HasMetadata b) {
    String version = a.getMetadata() == null ? null : a.getMetadata().getResourceVersion();
    return version != null && b.getMetadata() != null && Objects.equals(version, b.getMetadata().getResourceVersion());
  }
}
