package io.loadstone.orchestrator.cleanup;

import io.loadstone.common.message.RunId;
import io.loadstone.worker.platform.PlatformClient;
import io.loadstone.worker.platform.SessionList;
import io.loadstone.worker.platform.SessionView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's sessions as the platform's list answer ({@code GET /api/v1/sessions}) shows them: those tagged
 * {@code loadstone-run=<run id>}. StreamSpace's read API does not return tags (the sandbox's does), so
 * {@code tagsShown} says whether this answer could show any at all; when false, {@code ids} is empty for that reason.
 *
 * @param ids       the tagged sessions' ids, in list order
 * @param tagsShown true when at least one listed session carries a {@code tags} field
 * @param listed    how many sessions the answer held
 */
public record TaggedSessions(List<String> ids, boolean tagsShown, int listed) {
  public TaggedSessions {
    ids = List.copyOf(ids);
  }

  /** The tag every session of the run carries. */
  public static String tag(RunId run) {
    return "loadstone-run=" + run.value();
  }

  /** Lists every session the account may see and keeps the run's. Fails as the client's call does. */
  public static Future<TaggedSessions> find(PlatformClient platform, RunId run) {
    return platform.listSessions(null).map(list -> of(list, run));
  }

  static TaggedSessions of(SessionList list, RunId run) {
    String tag = tag(run);
    List<String> ids = new ArrayList<>();
    boolean shown = false;
    for (SessionView s : list.sessions()) {
      shown |= s.raw().containsKey("tags");
      if (s.name() != null && s.raw().getValue("tags") instanceof JsonArray tags && tags.contains(tag)) {
        ids.add(s.name());
      }
    }
    return new TaggedSessions(ids, shown, list.sessions().size());
  }

  /**
   * The union of the sessions the events name and the tagged ones, each with where it was learnt of: first the
   * events' (by slot), then the ones only a tag names.
   *
   * @param events the run's events, or null when there is no events file
   */
  public static List<RunSession> merge(RunEvents events, TaggedSessions tagged) {
    Map<String, RunSession> byId = new LinkedHashMap<>();
    if (events != null) {
      events.sessions().forEach(s -> byId.put(s.platformId(), s));
    }
    for (String id : tagged.ids()) {
      RunSession known = byId.get(id);
      if (known == null) {
        byId.put(id, new RunSession(id, null, 0, EnumSet.of(SessionSource.TAG)));
      } else {
        EnumSet<SessionSource> both = EnumSet.copyOf(known.sources());
        both.add(SessionSource.TAG);
        byId.put(id, new RunSession(id, known.slot(), known.attempt(), both));
      }
    }
    return List.copyOf(byId.values());
  }
}
