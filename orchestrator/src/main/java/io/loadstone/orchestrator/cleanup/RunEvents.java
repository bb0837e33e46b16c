package io.loadstone.orchestrator.cleanup;

import io.loadstone.common.message.RunId;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The platform sessions a run's {@code events.jsonl} names: one per distinct {@code platformSession} on the lines
 * whose {@code run} is the run, with the slot and attempt of its first line, sorted by slot and attempt. Lines of
 * other runs are ignored (their run ids are kept, to say what the file does hold). A line that is not a JSON
 * object is skipped with a warning, never a failure: the last one is usually torn, the orchestrator having been
 * killed mid-write. Reads the whole file on the calling thread: call it from {@code main}, not an event loop.
 *
 * @param file       the file read
 * @param sessions   the run's platform sessions, by slot then attempt
 * @param linesOfRun lines whose {@code run} is the run (with or without a platform session)
 * @param otherRuns  the other run ids found, sorted
 * @param warnings   lines skipped and why, for people
 */
public record RunEvents(Path file, List<RunSession> sessions, int linesOfRun, Set<String> otherRuns,
                        List<String> warnings) {
  private static final Comparator<RunSession> BY_SLOT = Comparator
      .comparing(RunSession::slot, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparingInt(RunSession::attempt).thenComparing(RunSession::platformId);

  public RunEvents {
    sessions = List.copyOf(sessions);
    otherRuns = Set.copyOf(otherRuns);
    warnings = List.copyOf(warnings);
  }

  /**
   * Reads {@code file}.
   *
   * @throws IOException when it cannot be read at all (missing, a directory, permission denied)
   */
  public static RunEvents read(Path file, RunId run) throws IOException {
    Map<String, RunSession> byId = new LinkedHashMap<>();
    Set<String> otherRuns = new TreeSet<>();
    List<String> warnings = new ArrayList<>();
    int linesOfRun = 0;
    int withoutId = 0;
    int badLine = 0;
    int lineNo = 0;
    int lastLineNo = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        lastLineNo = lineNo;
        JsonObject json;
        try {
          json = new JsonObject(line);
        } catch (DecodeException | ClassCastException e) {
          if (badLine != 0) {
            warnings.add(file + ": line " + badLine + ": skipped, not a JSON object");
          }
          badLine = lineNo;
          continue;
        }
        String lineRun = text(json, "run");
        if (!run.value().equals(lineRun)) {
          if (lineRun != null) {
            otherRuns.add(lineRun);
          }
          continue;
        }
        linesOfRun++;
        String platformId = text(json, "platformSession");
        if (platformId == null) {
          withoutId++;
          continue;
        }
        int attempt = json.getValue("attempt") instanceof Number n ? n.intValue() : 0;
        byId.putIfAbsent(platformId, new RunSession(platformId, text(json, "session"), attempt,
            EnumSet.of(SessionSource.EVENTS)));
      }
    }
    if (badLine != 0) {
      warnings.add(file + ": line " + badLine + ": skipped, " + (badLine == lastLineNo
          ? "torn (the orchestrator stopped in the middle of writing it)" : "not a JSON object"));
    }
    if (withoutId > 0) {
      warnings.add(file + ": " + withoutId + " line" + (withoutId == 1 ? "" : "s") + " of run " + run
          + " name no platformSession (written before events carried it): those sessions are found only by tag");
    }
    List<RunSession> sessions = new ArrayList<>(byId.values());
    sessions.sort(BY_SLOT);
    return new RunEvents(file, sessions, linesOfRun, otherRuns, warnings);
  }

  private static String text(JsonObject json, String key) {
    return json.getValue(key) instanceof String s && !s.isBlank() ? s : null;
  }
}
