package io.loadstone.orchestrator.cleanup;

import io.loadstone.common.message.RunId;
import io.loadstone.common.time.Durations;
import io.loadstone.orchestrator.report.RemainingResource;
import io.loadstone.orchestrator.report.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cleanup's report for people, one line per session and then the totals: what each delete got, which objects
 * went and how long they took, what the platform keeps by design (counted, not an error) and what is left (named).
 */
public final class CleanupText {
  private CleanupText() {
  }

  public static List<String> lines(RunId run, CleanupResult result) {
    List<String> out = new ArrayList<>();
    for (SessionCleanup s : result.sessions()) {
      out.add(s.session().slotLabel() + " " + s.session().platformId() + " (from " + s.session().sourceLabel() + "): "
          + s.deleteText() + "; " + outcome(s));
    }
    long pvcs = result.retainedCount(ResourceKind.PVC);
    long crs = result.retainedCount(ResourceKind.SESSION_CR);
    out.add("retained by design: " + count(pvcs, "home PVC") + ", " + count(crs, "Session CR")
        + " (the platform keeps them after a delete; not an error)");
    List<RemainingResource> leaked = result.leaked();
    if (leaked.isEmpty()) {
      out.add("leaked: none");
    } else {
      out.add("leaked: " + count(leaked.size(), "object") + " still present"
          + (result.timedOut() ? " after the " + Durations.format(result.timeout()) + " timeout" : "") + ":");
      for (SessionCleanup s : result.sessions()) {
        String whose = " (session " + s.session().platformId() + (s.session().slot() == null ? ""
            : ", " + s.session().slot()) + ")";
        s.left().forEach(r -> out.add("  " + r.kind().displayName() + " " + r.name() + whose));
      }
    }
    int n = result.sessions().size();
    out.add("cleanup of run " + run + ": " + result.goneCount() + " of " + count(n, "session") + " gone"
        + (leaked.isEmpty() ? ", nothing left" : ", " + count(leaked.size(), "object") + " left"));
    return out;
  }

  private static String outcome(SessionCleanup s) {
    if (!s.gone()) {
      return "LEFT: " + String.join(", ", s.left().stream().map(r -> r.kind().displayName() + " " + r.name())
          .toList());
    }
    if (s.seen().isEmpty()) {
      return "nothing of it was left in Kubernetes";
    }
    String removed = "removed " + String.join(", ", s.seen());
    return s.goneAfter() == null ? removed
        : removed + " in " + String.format(Locale.ROOT, "%.2fs", s.goneAfter().toNanos() / 1e9);
  }

  private static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
