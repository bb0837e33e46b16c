package io.loadstone.common.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document into a Jackson tree, reporting every duplicate key (which YAML forbids and Jackson would
 * silently resolve to the last value) instead of stopping at the first. A syntax error ends the read: the tree
 * after it cannot be trusted, so it is the only problem reported.
 */
final class YamlTree {
  private static final YAMLFactory FACTORY = new YAMLFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private YamlTree() {
  }

  /** The tree, or empty for an empty document; problems go to {@code problems}. Throws on a syntax error. */
  static Optional<JsonNode> read(String yaml, Problems problems) throws SyntaxError {
    try (JsonParser p = FACTORY.createParser(yaml)) {
      if (p.nextToken() == null) {
        return Optional.empty();
      }
      JsonNode root = value(p, "", problems);
      if (p.nextToken() != null) {
        problems.add("(top): expected one YAML document, got another starting at line "
            + p.currentTokenLocation().getLineNr());
      }
      return Optional.of(root);
    } catch (JsonProcessingException e) {
      throw new SyntaxError(describe(e));
    } catch (IOException e) {
      throw new SyntaxError("cannot read: " + e.getMessage());
    }
  }

  private static JsonNode value(JsonParser p, String path, Problems problems) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        Map<String, Integer> lines = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int line = p.currentTokenLocation().getLineNr();
          String child = path.isEmpty() ? key : path + "." + key;
          p.nextToken();
          JsonNode v = value(p, child, problems);
          Integer first = lines.putIfAbsent(key, line);
          if (first != null) {
            problems.add(child + ": expected each key once, got it again at line " + line + " (first at line " + first + ")");
          } else {
            object.set(key, v);
          }
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(p, path + "[" + array.size() + "]", problems));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return NODES.numberNode(p.getBigIntegerValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(p.getDecimalValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> {
        // e.g. a !!binary scalar: nothing in a plan takes one, so let the field's check reject its text
        return NODES.textNode(p.getText());
      }
    }
  }

  private static String describe(JsonProcessingException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
        Mark at = m.getProblemMark();
        String context = "";
        if (m.getContext() != null && m.getContextMark() != null) {
          context = " (" + m.getContext() + " from line " + (m.getContextMark().getLine() + 1) + ")";
        }
        return "line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": expected valid YAML, got "
            + m.getProblem() + context;
      }
    }
    String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
    return where + "expected valid YAML, got " + e.getOriginalMessage().lines().findFirst().orElse("an error");
  }

  /** The YAML could not be parsed; the message names the line and column. */
  static final class SyntaxError extends Exception {
    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }
}
