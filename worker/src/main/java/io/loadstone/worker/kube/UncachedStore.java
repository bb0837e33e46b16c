package io.loadstone.worker.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.stream.Stream;

/**
 * An informer's item store that keeps nothing: for Events, which are many (several per pod, and they outlive their
 * pods) and read only as evidence about a live session's pod, which {@link PodEvents} keeps. Not the full state, so fabric8 hands every listed or watched object to the handler's
 * {@code onAdd} as it arrives (a change to an Event too: there is no old copy to compare with) and never calls
 * {@code onUpdate} or {@code onDelete}.
 */
final class UncachedStore<T extends HasMetadata> implements ItemStore<T> {
  @Override
  public String getKey(T object) {
    return Cache.metaNamespaceKeyFunc(object);
  }

  @Override
  public T put(String key, T object) {
    return null;
  }

  @Override
  public T remove(String key) {
    return null;
  }

  @Override
  public Stream<String> keySet() {
    return Stream.empty();
  }

  @Override
  public Stream<T> values() {
    return Stream.empty();
  }

  @Override
  public int size() {
    return 0;
  }

  @Override
  public T get(String key) {
    return null;
  }

  @Override
  public boolean isFullState() {
    return false;
  }
}
