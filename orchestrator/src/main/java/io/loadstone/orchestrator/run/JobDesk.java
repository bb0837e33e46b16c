package io.loadstone.orchestrator.run;

import io.loadstone.common.Addresses;
import io.loadstone.common.message.SessionJob;
import io.vertx.core.eventbus.Message;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Where workers' job requests (one per free slot, the body naming the worker) meet the run's waiting jobs. A request
 * no job can answer yet is held, in arrival order: jobs come back when a worker is lost, and a user's jobs become a
 * worker's once it observes that user. Confined to the run's context.
 */
final class JobDesk {
  private final JobBook book;
  private final UserShares shares;
  private final WorkerRegistry registry;
  private final Deque<Message<String>> waiting = new ArrayDeque<>();

  JobDesk(JobBook book, UserShares shares, WorkerRegistry registry) {
    this.book = book;
    this.shares = shares;
    this.registry = registry;
  }

  /** A worker asks for a job: answered now if one it may run waits (and the run is open), else held. */
  void request(Message<String> request, boolean open) {
    SessionJob job = open ? next(request.body()) : null;
    if (job == null) {
      waiting.add(request);
      return;
    }
    assign(request, job);
  }

  /** Answers the held requests that a waiting job can answer now; drops those of lost workers. */
  void dispatch() {
    for (Iterator<Message<String>> it = waiting.iterator(); book.hasUnassigned() && it.hasNext(); ) {
      Message<String> request = it.next();
      if (registry.isLost(request.body())) {
        it.remove();
        continue;
      }
      SessionJob job = next(request.body());
      if (job != null) {
        it.remove();
        assign(request, job);
      }
    }
  }

  /** Forgets a lost worker's held requests (nobody is there to answer). */
  void dropWorker(String worker) {
    waiting.removeIf(request -> worker.equals(request.body()));
  }

  /** Refuses every held request: no job is left. */
  void close(String why) {
    Message<String> parked;
    while ((parked = waiting.poll()) != null) {
      parked.fail(Addresses.NO_MORE_JOBS, why);
    }
  }

  private SessionJob next(String worker) {
    return book.nextUnassigned(j -> shares.mayRun(worker, j.user()));
  }

  private void assign(Message<String> request, SessionJob job) {
    book.assign(job, request.body());
    request.reply(job);
  }
}
