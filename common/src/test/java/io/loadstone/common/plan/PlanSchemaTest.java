package io.loadstone.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.loadstone.common.plan.criteria.Metric;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The editor schema stays in step with the loader: same fields, closed objects, every field described. */
class PlanSchemaTest {
  static JsonNode schema;

  @BeforeAll
  static void readSchema() throws Exception {
    try (InputStream in = PlanSchemaTest.class.getResourceAsStream("/io/loadstone/plan/plan.schema.json")) {
      assertThat(in).as("schema on the classpath").isNotNull();
      schema = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void isADraft202012SchemaForAnObject() {
    assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.get("type").asText()).isEqualTo("object");
    assertThat(names(schema.get("required"))).containsExactly("name", "sessions");
  }

  @Test
  void everyObjectIsClosedAndEveryPropertyDescribed() {
    List<String> open = new ArrayList<>();
    List<String> undescribed = new ArrayList<>();
    walk(schema, "", open, undescribed);
    assertThat(open).as("objects without additionalProperties: false").isEmpty();
    assertThat(undescribed).as("properties without a description").isEmpty();
  }

  @Test
  void fieldsMatchTheLoader() {
    JsonNode p = schema.get("properties");
    assertThat(fieldNames(p)).containsExactlyElementsOf(PlanLoader.KEYS);
    assertThat(fieldNames(resolve(p.get("target")).get("properties"))).containsExactlyElementsOf(
        Arrays.stream(Target.class.getRecordComponents()).map(c -> c.getName()).toList());
    assertThat(fieldNames(resolve(p.get("sandbox")).get("properties"))).containsExactlyInAnyOrderElementsOf(SandboxBlock.KEYS);
    assertThat(fieldNames(p.get("sessions").get("properties"))).containsExactlyElementsOf(PlanLoader.SESSION_KEYS);
    assertThat(fieldNames(p.get("timeouts").get("properties"))).containsExactlyElementsOf(
        Arrays.stream(Timeouts.class.getRecordComponents()).map(c -> c.getName()).toList());
    assertThat(names(p.get("checks").get("items").get("enum"))).containsExactlyElementsOf(Check.ids());
    assertThat(fieldNames(resolve(p.get("criteria")).get("properties"))).containsExactlyElementsOf(Metric.NAMES);
  }

  @Test
  void acceptsEveryFieldTheShippedPlansUse() throws Exception {
    for (String plan : List.of("test-1.3-concurrent-sessions.yaml", "test-1.3-lost-start.yaml")) {
      JsonNode tree = new YAMLMapper().readTree(Path.of("..", "plans", plan).toFile());
      List<String> unknown = new ArrayList<>();
      covered(tree, schema, plan, unknown);
      assertThat(unknown).as("fields of " + plan + " the schema does not know").isEmpty();
    }
  }

  private static void covered(JsonNode value, JsonNode s, String path, List<String> unknown) {
    s = resolve(s);
    if (value.isObject()) {
      JsonNode props = objectSchema(s).get("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        var e = it.next();
        JsonNode child = props == null ? null : props.get(e.getKey());
        if (child == null) {
          unknown.add(path + "." + e.getKey());
        } else {
          covered(e.getValue(), child, path + "." + e.getKey(), unknown);
        }
      }
    } else if (value.isArray()) {
      JsonNode items = arraySchema(s).get("items");
      for (JsonNode item : value) {
        covered(item, items, path + "[]", unknown);
      }
    }
  }

  private static JsonNode objectSchema(JsonNode s) {
    return s.has("properties") || !s.has("oneOf") ? s : pick(s, "object");
  }

  private static JsonNode arraySchema(JsonNode s) {
    return s.has("items") || !s.has("oneOf") ? s : pick(s, "array");
  }

  private static JsonNode pick(JsonNode s, String type) {
    for (JsonNode option : s.get("oneOf")) {
      if (type.equals(resolve(option).path("type").asText())) {
        return resolve(option);
      }
    }
    return s;
  }

  private static JsonNode resolve(JsonNode s) {
    while (s != null && s.has("$ref")) {
      String ref = s.get("$ref").asText();
      s = schema.at(ref.substring(1));
    }
    return s;
  }

  private static void walk(JsonNode node, String path, List<String> open, List<String> undescribed) {
    if (node.isObject()) {
      if ("object".equals(node.path("type").asText()) && !node.path("additionalProperties").isBoolean()) {
        open.add(path);
      }
      if (node.has("properties")) {
        node.get("properties").fields().forEachRemaining(e -> {
          JsonNode prop = e.getValue();
          if (!prop.has("description") && !resolve(prop).has("description")) {
            undescribed.add(path + "/" + e.getKey());
          }
        });
      }
      node.fields().forEachRemaining(e -> walk(e.getValue(), path + "/" + e.getKey(), open, undescribed));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "/" + i, open, undescribed);
      }
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }
}
