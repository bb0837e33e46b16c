package io.loadstone.sandbox.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthAndRoutingTest {
  private Vertx vertx;
  private ControlPlaneFixture cp;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    cp = ControlPlaneFixture.start(vertx);
  }

  @AfterEach
  void stop() {
    cp.close();
    ControlPlaneFixture.await(vertx.close());
  }

  @Test
  void healthAndVersionArePublic() {
    HttpResponse<Buffer> health = cp.get("/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("healthy");
    HttpResponse<Buffer> version = cp.get("/version", null);
    assertThat(version.statusCode()).isEqualTo(200);
    assertThat(version.bodyAsJsonObject().getString("version")).startsWith("v2.");
  }

  @Test
  void loginReturnsTokenExpiryAndUserWithoutPassword() {
    HttpResponse<Buffer> r = cp.call(HttpMethod.POST, "/api/v1/auth/login", null,
        new JsonObject().put("username", "admin").put("password", ControlPlaneFixture.ADMIN_PASSWORD));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("token")).contains(".");
    assertThat(body.getString("expiresAt")).endsWith("Z");
    assertThat(body.getJsonObject("user").getString("username")).isEqualTo("admin");
    assertThat(body.getJsonObject("user").getString("role")).isEqualTo("admin");
    assertThat(r.bodyAsString()).doesNotContain(ControlPlaneFixture.ADMIN_PASSWORD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[1,2]", "{}", "{\"username\":\"admin\"}", "{\"username\":5,\"password\":\"x\"}"})
  void loginWithABadBodyIs400(String body) {
    HttpResponse<Buffer> r = cp.raw(HttpMethod.POST, "/api/v1/auth/login", null, "application/json", Buffer.buffer(body));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Invalid request body");
    assertThat(r.bodyAsJsonObject().getString("message")).isNotBlank();
  }

  @Test
  void malformedLoginBodyIsNotEchoedBack() {
    HttpResponse<Buffer> r = cp.raw(HttpMethod.POST, "/api/v1/auth/login", null, "application/json",
        Buffer.buffer("{\"username\":\"admin\",\"password\":\"hunter2-secret\""));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsString()).doesNotContain("hunter2-secret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"admin:wrong-password", "nobody:whatever", "alice:admin-secret-pw"})
  void loginWithBadCredentialsIs401(String pair) {
    String[] parts = pair.split(":");
    HttpResponse<Buffer> r = cp.call(HttpMethod.POST, "/api/v1/auth/login", null,
        new JsonObject().put("username", parts[0]).put("password", parts[1]));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Invalid credentials");
  }

  @Test
  void loginOfADisabledAccountIs403() {
    HttpResponse<Buffer> r = cp.call(HttpMethod.POST, "/api/v1/auth/login", null,
        new JsonObject().put("username", "mallory").put("password", "mallory-pw"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Account is disabled");
  }

  static Stream<Arguments> protectedRoutes() {
    String[][] routes = {
        {"GET", "/api/v1/sessions"}, {"POST", "/api/v1/sessions"}, {"GET", "/api/v1/sessions/x"},
        {"DELETE", "/api/v1/sessions/x"}, {"PUT", "/api/v1/sessions/x/hibernate"}, {"PUT", "/api/v1/sessions/x/wake"},
        {"GET", "/api/v1/sessions/x/connect?user=admin"}, {"GET", "/api/v1/templates"},
        {"GET", "/api/v1/templates/firefox-browser"}, {"GET", "/api/v1/admin/agents"},
        {"GET", "/api/v1/admin/agents/k8s-agent-1"}, {"DELETE", "/api/v1/admin/agents/k8s-agent-1"}};
    String[] tokens = {"none", "garbage", "foreign"};
    return Stream.of(routes).flatMap(r -> Stream.of(tokens).map(t -> Arguments.of(r[0], r[1], t)));
  }

  @ParameterizedTest(name = "{0} {1} with {2} token")
  @MethodSource("protectedRoutes")
  void protectedRoutesAnswer401WithoutAValidBearerToken(String method, String path, String tokenKind) {
    String token = switch (tokenKind) {
      case "garbage" -> "not.a.jwt";
      case "foreign" -> JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
              .setAlgorithm("HS256").setBuffer("some-other-secret-0123456789abcdef")))
          .generateToken(new JsonObject().put("user_id", "admin").put("role", "admin"), new JWTOptions().setAlgorithm("HS256"));
      default -> null;
    };
    HttpResponse<Buffer> r = cp.call(HttpMethod.valueOf(method), path, token, method.equals("POST") ? new JsonObject() : null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Unauthorized");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET /api/v1/admin/agents", "GET /api/v1/admin/agents/k8s-agent-1", "DELETE /api/v1/admin/agents/k8s-agent-1"})
  void adminRoutesAnswer403ToAUserWithoutTheAdminRole(String route) {
    String[] parts = route.split(" ");
    HttpResponse<Buffer> r = cp.call(HttpMethod.valueOf(parts[0]), parts[1], cp.login("alice", "alice-pw"), null);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Forbidden");
  }

  @Test
  void aBodyOverOneMebibyteIs413Json() {
    Buffer huge = Buffer.buffer("{\"user\":\"" + "x".repeat(1024 * 1024) + "\"}");
    HttpResponse<Buffer> r = cp.raw(HttpMethod.POST, "/api/v1/sessions", cp.adminToken(), "application/json", huge);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Request entity too large");
  }

  @Test
  void unknownRoutesAnswer404Json() {
    HttpResponse<Buffer> r = cp.get("/api/v1/nope", null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Not found");
  }

  @Test
  void templatesListTheFixturesWithCategoriesAndFilters() {
    String token = cp.login("alice", "alice-pw");
    JsonObject all = cp.get("/api/v1/templates", token).bodyAsJsonObject();
    assertThat(all.getInteger("total")).isEqualTo(3);
    assertThat(all.getJsonObject("categories").fieldNames()).contains("Web Browsers", "Productivity");
    assertThat(all.getJsonObject("filters").getString("category")).isEmpty();
    JsonObject browsers = cp.get("/api/v1/templates?category=Web%20Browsers&sort=popularity", token).bodyAsJsonObject();
    assertThat(browsers.getInteger("total")).isEqualTo(2);
    assertThat(browsers.getJsonArray("templates").getJsonObject(0).getString("name")).isEqualTo("firefox-browser");
    assertThat(cp.get("/api/v1/templates?search=office", token).bodyAsJsonObject().getInteger("total")).isEqualTo(1);
  }

  @Test
  void firefoxTemplateIsSnakeCaseWithItsManifest() {
    HttpResponse<Buffer> r = cp.get("/api/v1/templates/firefox-browser", cp.adminToken());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject t = r.bodyAsJsonObject();
    assertThat(t.fieldNames()).contains("id", "name", "display_name", "description", "category", "app_type", "icon_url",
        "manifest", "tags", "install_count", "created_at", "updated_at");
    assertThat(t.getString("display_name")).isEqualTo("Firefox Web Browser");
    JsonObject spec = t.getJsonObject("manifest").getJsonObject("spec");
    assertThat(spec.getString("baseImage")).isEqualTo("lscr.io/linuxserver/firefox:latest");
    JsonObject port = spec.getJsonArray("ports").getJsonObject(0);
    assertThat(port.getString("name")).isEqualTo("vnc");
    assertThat(port.getInteger("containerPort")).isEqualTo(3000);
  }

  @Test
  void unknownTemplateIs404() {
    HttpResponse<Buffer> r = cp.get("/api/v1/templates/emacs", cp.adminToken());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Template not found");
  }
}
