package io.loadstone.common.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetTest {
  private static Target withEnv(String name) {
    return new Target(URI.create("https://s.example.com"), "admin", name, null, null, "streamspace");
  }

  private static Target withFile(Path file) {
    return new Target(URI.create("https://s.example.com"), "admin", null, file.toString(), null, "streamspace");
  }

  @Test
  void passwordComesFromTheNamedVariable() {
    Secret secret = withEnv("PW").resolvePassword(Map.of("PW", "hunter2")::get);
    assertThat(secret.reveal()).isEqualTo("hunter2");
    assertThat(secret.toString()).isEqualTo("***");
  }

  @Test
  void theUsersPasswordIsOptionalAndItsErrorsNameItsOwnField(@TempDir Path dir) {
    assertThat(withEnv("PW").resolveUsersPassword(Map.<String, String>of()::get)).isEmpty();
    Target both = new Target(URI.create("https://s.example.com"), "admin", "PW", null, null, "streamspace", "UPW", null);
    assertThat(both.resolveUsersPassword(Map.of("UPW", "s3cret")::get).orElseThrow().reveal()).isEqualTo("s3cret");
    assertThatThrownBy(() -> both.resolveUsersPassword(Map.<String, String>of()::get))
        .hasMessage("target.usersPasswordEnv: environment variable UPW is not set");
    Target file = new Target(URI.create("https://s.example.com"), "admin", "PW", null, null, "streamspace", null,
        dir.resolve("missing").toString());
    assertThatThrownBy(() -> file.resolveUsersPassword(Map.<String, String>of()::get))
        .hasMessage("target.usersPasswordFile: " + dir.resolve("missing") + " does not exist");
  }

  @Test
  void unsetVariableIsNamedInTheError() {
    assertThatThrownBy(() -> withEnv("STREAMSPACE_PASSWORD").resolvePassword(Map.<String, String>of()::get))
        .isInstanceOf(MissingSecretException.class)
        .hasMessage("target.passwordEnv: environment variable STREAMSPACE_PASSWORD is not set");
  }

  @Test
  void emptyVariableIsAnError() {
    assertThatThrownBy(() -> withEnv("PW").resolvePassword(Map.of("PW", "")::get))
        .hasMessage("target.passwordEnv: environment variable PW is empty");
  }

  @Test
  void passwordFileLosesItsTrailingLineBreakOnly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, " pass word \n");
    assertThat(withFile(file).resolvePassword(Map.<String, String>of()::get).reveal()).isEqualTo(" pass word ");
  }

  @Test
  void missingPasswordFileIsNamedInTheError(@TempDir Path dir) {
    Path file = dir.resolve("absent");
    assertThatThrownBy(() -> withFile(file).resolvePassword())
        .isInstanceOf(MissingSecretException.class)
        .hasMessage("target.passwordFile: " + file + " does not exist");
  }

  @Test
  void emptyPasswordFileIsAnErrorWithoutContent(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "\n");
    assertThatThrownBy(() -> withFile(file).resolvePassword()).hasMessage("target.passwordFile: " + file + " is empty");
  }

  @Test
  void homeIsExpandedInPasswordFileAndKubeconfig() {
    Target t = new Target(URI.create("https://s.example.com"), "admin", null, "~/pw", "~/.kube/config", "streamspace");
    String home = System.getProperty("user.home");
    assertThat(t.kubeconfigPath()).contains(Path.of(home, ".kube", "config"));
    assertThatThrownBy(t::resolvePassword).hasMessageContaining(Path.of(home, "pw").toString());
  }
}
