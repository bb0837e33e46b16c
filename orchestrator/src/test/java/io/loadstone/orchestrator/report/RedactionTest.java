package io.loadstone.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void credentialsInHeadersUrlsAndKeyValuesAreMasked() {
    assertThat(Redaction.apply("Authorization: Basic YWRtaW46cGFzcw==")).isEqualTo("Authorization: Basic ***");
    assertThat(Redaction.apply("bearer\tabcdefgh12345")).isEqualTo("bearer ***");
    assertThat(Redaction.apply("GET https://u:p4ss@host/x")).isEqualTo("GET https://***@host/x");
    assertThat(Redaction.apply("secret: $ecr\\et")).isEqualTo("secret: ***");
    assertThat(Redaction.apply("{\"refresh_token\": \"r-123\"}")).isEqualTo("{\"refresh_token\": \"***\"}");
  }

  @Test
  void ordinaryEvidenceIsLeftAlone() {
    for (String line : new String[] {"Basic authentication failed", "token renewed 30s before expiry",
        "no Deployment labelled session=admin-firefox-browser-1a791b8d by the provisioned deadline (30s)",
        "pod admin-x: condition Ready=False (ContainersNotReady)"}) {
      assertThat(Redaction.apply(line)).isEqualTo(line);
    }
  }
}
