package io.loadstone.common.message;

import java.util.List;
import java.util.Objects;

/**
 * The users whose sessions one worker runs and observes. A share only grows (a lost worker's users are handed to
 * live ones), so a worker adds informers for the new users and keeps those it has.
 *
 * @param generation counts the worker's shares from 1
 * @param everyone   the work is not split by user (the plan has one user, or the run has one worker): the worker
 *                   observes every session of the namespace and takes any job; {@code users} is then empty
 * @param users      the users of this share, all of them (not only the new ones)
 */
public record UserShare(RunId run, String worker, int generation, boolean everyone, List<String> users) {
  public UserShare {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(worker, "worker");
    users = List.copyOf(Objects.requireNonNull(users, "users"));
    if (generation < 1) {
      throw new IllegalArgumentException("generation: expected >= 1, got " + generation);
    }
    if (everyone && !users.isEmpty()) {
      throw new IllegalArgumentException("users: expected none when everyone's sessions are observed");
    }
  }
}
