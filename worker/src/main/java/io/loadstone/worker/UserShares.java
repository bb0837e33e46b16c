package io.loadstone.worker;

import io.loadstone.common.Addresses;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.ShareRequest;
import io.loadstone.common.message.UserShare;
import io.loadstone.worker.kube.KubeFact;
import io.loadstone.worker.kube.KubeObserver;
import io.loadstone.worker.kube.KubeObservers;
import io.loadstone.worker.kube.KubeTarget;
import io.loadstone.worker.kube.KubeUnreachableException;
import io.loadstone.worker.kube.SessionInterest;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker's side of the run's user shares: asks the orchestrator which users' sessions it runs, opens an observer
 * for them (one for everyone when the work is not split), and asks again, which says the share is observed and waits
 * for it to grow (a lost worker's users), until the orchestrator answers no more. On the worker's context.
 */
final class UserShares {
  private static final Logger LOG = LoggerFactory.getLogger(UserShares.class);
  private static final int NO_HANDLER_RETRIES = 50;
  private static final long NO_HANDLER_RETRY_MILLIS = 200;

  private final Vertx vertx;
  private final RunId run;
  private final String node;
  private final KubeTarget target;
  private final KubeObservers observers;
  private final SessionInterest interest;
  private final Handler<KubeFact> facts;
  private final BooleanSupplier active;
  /** users whose sessions the observers select, when the work is split by user */
  private final Set<String> observed = new HashSet<>();

  /** @param active false once the worker takes no more work: it then stops asking */
  UserShares(Vertx vertx, RunId run, String node, KubeTarget target, KubeObservers observers,
             SessionInterest interest, Handler<KubeFact> facts, BooleanSupplier active) {
    this.vertx = vertx;
    this.run = run;
    this.node = node;
    this.target = target;
    this.observers = observers;
    this.interest = interest;
    this.facts = facts;
    this.active = active;
  }

  /** The first share: held by the orchestrator until the run opens. */
  Future<UserShare> first() {
    return ask(0, 0);
  }

  /** Asks for the next share, and observes it when it comes: until told no more. */
  void follow(UserShare current) {
    if (current.everyone() || !active.getAsBoolean()) {
      return;
    }
    ask(current.generation(), 0)
        .compose(next -> observe(next).map(next))
        .onSuccess(this::follow)
        .onFailure(cause -> {
          if (cause instanceof KubeUnreachableException) {
            LOG.error("worker {} run {}: cannot observe the users it was given ({}); retrying in 1 s", node, run,
                cause.getMessage());
            vertx.setTimer(1_000, id -> follow(current));
          } else {
            LOG.debug("worker {} run {}: no more shares ({})", node, run, cause.getMessage());
          }
        });
  }

  /** Opens an observer for the share's users not observed yet (for every session when the work is not split). */
  Future<Void> observe(UserShare share) {
    if (share.everyone()) {
      return observers.isEmpty() ? start(null) : Future.succeededFuture();
    }
    Set<String> added = new TreeSet<>(share.users());
    added.removeAll(observed);
    if (added.isEmpty()) {
      return Future.succeededFuture();
    }
    return start(added).onSuccess(v -> {
      observed.addAll(added);
      LOG.info("worker {} run {}: observing the sessions of {} more users ({} in all): {}", node, run, added.size(),
          observed.size(), added);
    });
  }

  static String describe(UserShare share) {
    return share.everyone() ? "observing every session"
        : share.users().isEmpty() ? "no users yet (it takes over a lost worker's)"
        : share.users().size() + " users: " + share.users();
  }

  private Future<Void> start(Set<String> users) {
    KubeObserver observer = KubeObserver.create(vertx, target, KubeObserver.SESSION_KINDS, facts);
    observer.interest(interest);
    if (users != null) {
      observer.users(users);
    }
    return observer.start().onSuccess(v -> observers.add(observer));
  }

  private Future<UserShare> ask(int known, int tries) {
    return vertx.eventBus().<UserShare>request(Addresses.shares(run), new ShareRequest(run, node, known),
            new DeliveryOptions().setSendTimeout(TimeUnit.DAYS.toMillis(1)))
        .map(reply -> reply.body())
        .recover(cause -> {
          // a worker joins the moment the offer comes: the orchestrator's consumers may not have reached this node's
          // view of the cluster yet (seen when an orchestrator joined workers already in the cluster)
          if (cause instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
              && tries < NO_HANDLER_RETRIES && active.getAsBoolean()) {
            return vertx.timer(NO_HANDLER_RETRY_MILLIS).compose(v -> ask(known, tries + 1));
          }
          return Future.failedFuture(cause);
        });
  }
}
