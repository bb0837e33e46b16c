package io.loadstone.worker.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A worker's observers as one index. A worker whose work is split by user observes its users with one observer, and
 * opens another for the users it is given later (a lost worker's); each session is in exactly one of them.
 */
public final class KubeObservers implements KubeIndex {
  private final List<KubeObserver> observers = new CopyOnWriteArrayList<>();

  /** Adds a started observer. */
  public void add(KubeObserver observer) {
    observers.add(observer);
  }

  public boolean isEmpty() {
    return observers.isEmpty();
  }

  /** Informers running in all. */
  public int informerCount() {
    return observers.stream().mapToInt(KubeObserver::informerCount).sum();
  }

  @Override
  public Optional<Deployment> deployment(String sessionId) {
    return observers.stream().map(o -> o.deployment(sessionId)).flatMap(Optional::stream).findFirst();
  }

  @Override
  public Optional<Service> service(String sessionId) {
    return observers.stream().map(o -> o.service(sessionId)).flatMap(Optional::stream).findFirst();
  }

  @Override
  public List<Pod> pods(String sessionId) {
    List<Pod> pods = new ArrayList<>();
    observers.forEach(o -> pods.addAll(o.pods(sessionId)));
    return pods;
  }

  @Override
  public Future<List<Event>> podEvents(String podName) {
    return observers.isEmpty() ? Future.succeededFuture(List.of()) : observers.get(0).podEvents(podName);
  }

  /** Closes every observer added. */
  public Future<Void> close() {
    return Future.join(observers.stream().map(KubeObserver::close).toList()).mapEmpty();
  }
}
