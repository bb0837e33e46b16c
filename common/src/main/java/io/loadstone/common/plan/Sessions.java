package io.loadstone.common.plan;

import java.util.List;
import java.util.Objects;

/**
 * The sessions a run creates, all alike but for their user.
 *
 * @param count          how many (at least 1)
 * @param users          the users they are created for, in turn (at least one, no repeats)
 * @param template       the template each runs
 * @param resources      memory and CPU each asks for (default: the platform's, 2Gi and 1000m)
 * @param persistentHome whether each gets a home PVC (default true, as the platform)
 */
public record Sessions(int count, List<String> users, String template, Resources resources, boolean persistentHome) {
  public Sessions {
    users = List.copyOf(Objects.requireNonNull(users, "users"));
    if (users.isEmpty()) {
      throw new IllegalArgumentException("users: expected at least one");
    }
  }

  /** One user for every session. */
  public Sessions(int count, String user, String template, Resources resources, boolean persistentHome) {
    this(count, List.of(user), template, resources, persistentHome);
  }

  /**
   * The user of the run's {@code n}-th session (1-based; sessions a step adds continue the count): the users in turn,
   * so each has its share of the sessions and its own quota to meet.
   */
  public String userOf(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n: expected >= 1, got " + n);
    }
    return users.get((n - 1) % users.size());
  }
}
