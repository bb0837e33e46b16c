package io.loadstone.sandbox.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A fabric8 watcher that queues "ACTION name" lines and remembers how it was closed. */
final class RecordingWatcher<T extends HasMetadata> implements Watcher<T> {

  final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  final BlockingQueue<T> objects = new LinkedBlockingQueue<>();
  final CompletableFuture<WatcherException> closed = new CompletableFuture<>();

  @Override
  public void eventReceived(Action action, T resource) {
    objects.add(resource);
    events.add(action + " " + resource.getMetadata().getName());
  }

  @Override
  public void onClose(WatcherException cause) {
    closed.complete(cause);
  }

  @Override
  public void onClose() {
    closed.complete(null);
  }

  String next() throws InterruptedException {
    return events.poll(5, TimeUnit.SECONDS);
  }

  /** Null if nothing arrives within a short quiet period. */
  String nextOrNothing() throws InterruptedException {
    return events.poll(300, TimeUnit.MILLISECONDS);
  }
}
