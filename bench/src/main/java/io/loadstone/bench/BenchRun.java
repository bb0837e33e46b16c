package io.loadstone.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the benchmarks read back from a run's output folder, and the small statistics they print. */
final class BenchRun {
  static final ObjectMapper JSON = new ObjectMapper();

  private BenchRun() {
  }

  /** One phase event of events.jsonl: the worker's elapsed time and the nanoTime at which it observed the fact. */
  record Observed(double elapsedMs, long observedNanos) {
  }

  /** events.jsonl as slot -> phase -> first event (attempt 1; the benches run no takeovers). */
  static Map<String, Map<String, Observed>> events(Path dir) throws IOException {
    Map<String, Map<String, Observed>> out = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("events.jsonl"))) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode e = JSON.readTree(line);
      out.computeIfAbsent(e.get("session").asText(), k -> new HashMap<>())
          .putIfAbsent(e.get("phase").asText(), new Observed(e.get("elapsedMs").asDouble(), e.get("observedNanos").asLong()));
    }
    return out;
  }

  /** results.json's slot -> platform session name, for sessions that got one. */
  static Map<String, String> platformSessions(Path dir) throws IOException {
    Map<String, String> out = new HashMap<>();
    for (JsonNode s : JSON.readTree(dir.resolve("results.json").toFile()).get("sessions")) {
      if (s.hasNonNull("platformSession")) {
        out.put(s.get("id").asText(), s.get("platformSession").asText());
      }
    }
    return out;
  }

  /** Sorted sample of doubles with the percentiles the benches print (nearest rank). */
  static final class Sample {
    private final List<Double> values = new ArrayList<>();

    void add(double v) {
      values.add(v);
    }

    int count() {
      return values.size();
    }

    String summary() {
      if (values.isEmpty()) {
        return "no samples";
      }
      double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(v);
      return String.format("min %7.2f  p50 %7.2f  p99 %7.2f  max %7.2f ms  (%d sessions)", v[0], at(v, 50), at(v, 99),
          v[v.length - 1], v.length);
    }

    double percentile(double p) {
      double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(v);
      return v.length == 0 ? Double.NaN : at(v, p);
    }

    private static double at(double[] sorted, double p) {
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
  }
}
