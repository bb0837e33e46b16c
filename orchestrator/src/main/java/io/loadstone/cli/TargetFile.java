package io.loadstone.cli;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.loadstone.common.plan.InvalidPlanException;
import io.loadstone.common.plan.PlanLoader;
import io.loadstone.common.plan.Target;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A {@code --target} file: a YAML mapping holding just the fields of a plan's {@code target:} block ({@code api,
 * username, passwordEnv | passwordFile, kubeconfig, namespace}, see {@code docs/plan.md}). It is checked by the plan
 * loader's own rules, so its problems read exactly like a plan's ({@code FILE: FIELD: expected WHAT, got FOUND}),
 * with the field paths relative to the file ({@code api}, not {@code target.api}). Like a plan, it holds no secret:
 * a literal password is an error that never repeats the value.
 */
final class TargetFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLFactory YAML = YAMLFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final String SHAPE = "a mapping of the target block's fields like {api: \"https://streamspace.example"
      + ".com\", username: admin, passwordEnv: STREAMSPACE_PASSWORD}";
  private static final String PREFIX = "target.";

  private TargetFile() {
  }

  /**
   * Reads and validates a target file.
   *
   * @throws InvalidPlanException naming the file, with every problem found
   */
  static Target load(Path file) {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidPlanException(source, List.of("file not found"));
    } catch (AccessDeniedException e) {
      throw new InvalidPlanException(source, List.of("cannot read the file (permission denied)"));
    } catch (IOException e) {
      String why = Files.isDirectory(file) ? "a directory, not a target file" : e.getClass().getSimpleName();
      throw new InvalidPlanException(source, List.of("cannot read the file (" + why + ")"));
    }
    JsonNode tree = read(source, text);
    if (tree == null || !tree.isObject()) {
      throw new InvalidPlanException(source, List.of("(top): expected " + SHAPE + ", got "
          + (tree == null ? "an empty document" : tree.isArray() ? "a list" : "\"" + tree.asText() + "\"")));
    }
    if (tree.get("target") instanceof ObjectNode) {
      throw new InvalidPlanException(source, List.of("target: expected the target block's fields at the top of the "
          + "file, got a plan's target: block (pass a plan as PLAN, not as --target)"));
    }
    // the plan loader checks the fields: a minimal plan around them gives the same rules and the same messages
    ObjectNode plan = JSON.createObjectNode();
    plan.put("name", "cleanup-target");
    plan.set("target", tree);
    plan.putObject("sessions").put("count", 1).put("template", "cleanup");
    try {
      return PlanLoader.parse(source, JSON.writeValueAsString(plan)).target();
    } catch (InvalidPlanException e) {
      throw new InvalidPlanException(source, e.problems().stream().map(TargetFile::relative).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot re-encode " + source + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** {@code target.api: ...} -> {@code api: ...}; the block-level {@code target: ...} -> {@code (top): ...}. */
  private static String relative(String problem) {
    if (problem.startsWith(PREFIX)) {
      return problem.substring(PREFIX.length());
    }
    return problem.startsWith("target:") ? "(top):" + problem.substring("target:".length()) : problem;
  }

  /** The file's tree, or null for an empty document; a syntax error or a repeated key names its line only. */
  private static JsonNode read(String source, String text) {
    try (JsonParser parser = YAML.createParser(text)) {
      parser.setCodec(JSON);
      if (parser.nextToken() == null) {
        return null;
      }
      return parser.readValueAsTree();
    } catch (JsonParseException e) {
      throw new InvalidPlanException(source, List.of(describe(e)));
    } catch (IOException e) {
      throw new InvalidPlanException(source, List.of("cannot read: " + e.getClass().getSimpleName()));
    }
  }

  // the parser's own messages can quote the line, and the line may hold a secret: name the position only
  private static String describe(JsonParseException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
        Mark at = m.getProblemMark();
        return "line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": expected valid YAML, got "
            + m.getProblem();
      }
    }
    String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (message.startsWith("Duplicate field")) {
      return where + "expected each key once, got " + message.substring("Duplicate field ".length()) + " again";
    }
    return where + "expected valid YAML, got a syntax error";
  }
}
