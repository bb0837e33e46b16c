package io.loadstone.sandbox.controlplane;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The template catalog ({@code catalog_templates}) and the installed applications that point at it, as fixtures.
 * Templates serialise snake_case like the platform's; the manifest is the Template CRD the platform stores and sends
 * to the agent as {@code templateManifest} (spec.baseImage, spec.ports, spec.defaultResources, spec.vnc).
 */
final class TemplateCatalog {
  /** one row of {@code catalog_templates} */
  record Template(int id, String name, String displayName, String description, String category, String appType,
                  String iconUrl, String image, List<String> tags, int installCount, Instant createdAt) {

    JsonObject manifest() {
      return new JsonObject()
          .put("apiVersion", "stream.space/v1alpha1")
          .put("kind", "Template")
          .put("metadata", new JsonObject().put("name", name).put("namespace", "streamspace"))
          .put("spec", new JsonObject()
              .put("displayName", displayName)
              .put("description", description)
              .put("category", category)
              .put("appType", appType)
              .put("icon", iconUrl)
              .put("baseImage", image)
              .put("ports", new JsonArray().add(new JsonObject().put("name", "vnc").put("containerPort", 3000).put("protocol", "TCP")))
              .put("defaultResources", new JsonObject().put("memory", "2Gi").put("cpu", "1000m"))
              .put("vnc", new JsonObject().put("enabled", true).put("port", 3000).put("protocol", "websocket"))
              .put("tags", new JsonArray(tags)));
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("repository_id", 1)
          .put("name", name)
          .put("display_name", displayName)
          .put("description", description)
          .put("category", category)
          .put("app_type", appType)
          .put("icon_url", iconUrl)
          .put("manifest", manifest())
          .put("tags", new JsonArray(tags))
          .put("install_count", installCount)
          .put("created_at", createdAt.toString())
          .put("updated_at", createdAt.toString());
    }
  }

  /** one row of {@code installed_applications} */
  record Application(String id, String displayName, String templateName, boolean enabled, String installStatus) {
  }

  private final Map<String, Template> templates = new LinkedHashMap<>();
  private final Map<String, Application> applications = new LinkedHashMap<>();

  TemplateCatalog() {
    Instant at = Instant.parse("2025-11-20T09:00:00Z");
    add(new Template(1, "firefox-browser", "Firefox Web Browser",
        "Mozilla Firefox in a KasmVNC desktop, reachable from any browser.", "Web Browsers", "desktop",
        "https://raw.githubusercontent.com/linuxserver/docker-templates/master/linuxserver.io/img/firefox-logo.png",
        "lscr.io/linuxserver/firefox:latest", List.of("browser", "web", "privacy"), 42, at));
    add(new Template(2, "chromium-browser", "Chromium Web Browser",
        "The open-source base of Google Chrome in a KasmVNC desktop.", "Web Browsers", "desktop",
        "https://raw.githubusercontent.com/linuxserver/docker-templates/master/linuxserver.io/img/chromium-logo.png",
        "lscr.io/linuxserver/chromium:latest", List.of("browser", "web", "chrome"), 17, at));
    add(new Template(3, "libreoffice", "LibreOffice",
        "The LibreOffice suite (Writer, Calc, Impress) in a KasmVNC desktop.", "Productivity", "desktop",
        "https://raw.githubusercontent.com/linuxserver/docker-templates/master/linuxserver.io/img/libreoffice-logo.png",
        "lscr.io/linuxserver/libreoffice:latest", List.of("office", "documents", "spreadsheet"), 9, at));
    applications.put("5f1c2a7e-8b3d-4c6a-9e21-7d4b0c9a1f10",
        new Application("5f1c2a7e-8b3d-4c6a-9e21-7d4b0c9a1f10", "Firefox", "firefox-browser", true, "installed"));
    applications.put("9a7e3c1d-2f4b-4e8a-b6c5-1d0e9f8a7b62",
        new Application("9a7e3c1d-2f4b-4e8a-b6c5-1d0e9f8a7b62", "LibreOffice (retired)", "libreoffice", false, "installed"));
  }

  private void add(Template template) {
    templates.put(template.name(), template);
  }

  Optional<Template> template(String name) {
    return Optional.ofNullable(templates.get(name));
  }

  Optional<Application> application(String id) {
    return Optional.ofNullable(applications.get(id));
  }

  /** GET /api/v1/templates with the platform's category/search/tags/sort filters and grouping */
  JsonObject list(String category, String search, List<String> tags, String sortBy, String featured) {
    List<Template> out = new ArrayList<>();
    for (Template t : templates.values()) {
      if (category != null && !category.isEmpty() && !t.category().equals(category)) {
        continue;
      }
      if (search != null && !search.isEmpty() && !matches(t, search.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (!tags.isEmpty() && !tags.stream().allMatch(want -> t.tags().stream().anyMatch(want::equalsIgnoreCase))) {
        continue;
      }
      out.add(t);
    }
    Comparator<Template> order = switch (sortBy == null ? "" : sortBy) {
      case "popularity" -> Comparator.comparingInt(Template::installCount).reversed();
      case "created" -> Comparator.comparing(Template::createdAt).reversed();
      default -> Comparator.comparing(t -> t.displayName().toLowerCase(Locale.ROOT));
    };
    out.sort(order);
    JsonArray list = new JsonArray();
    JsonObject categories = new JsonObject();
    for (Template t : out) {
      list.add(t.toJson());
      String cat = t.category().isEmpty() ? "Other" : t.category();
      if (!categories.containsKey(cat)) {
        categories.put(cat, new JsonArray());
      }
      categories.getJsonArray(cat).add(t.toJson());
    }
    return new JsonObject()
        .put("templates", list)
        .put("total", out.size())
        .put("categories", categories)
        .put("filters", new JsonObject()
            .put("category", category == null ? "" : category)
            .put("search", search == null ? "" : search)
            .put("tags", new JsonArray(tags))
            .put("sortBy", sortBy == null ? "" : sortBy)
            .put("featured", featured == null ? "" : featured));
  }

  private static boolean matches(Template t, String needle) {
    return t.displayName().toLowerCase(Locale.ROOT).contains(needle)
        || t.description().toLowerCase(Locale.ROOT).contains(needle)
        || t.tags().stream().anyMatch(tag -> tag.toLowerCase(Locale.ROOT).contains(needle));
  }
}
