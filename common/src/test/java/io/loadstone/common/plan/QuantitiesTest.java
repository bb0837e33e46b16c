package io.loadstone.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantitiesTest {
  @Test
  void memoryTakesBinaryAndDecimalSuffixes() {
    assertThat(Quantities.memoryBytes("512Mi")).contains(BigDecimal.valueOf(512L * 1024 * 1024));
    assertThat(Quantities.memoryBytes("2Gi")).contains(BigDecimal.valueOf(2L << 30));
    assertThat(Quantities.memoryBytes("1G")).contains(BigDecimal.valueOf(1_000_000_000L));
    assertThat(Quantities.memoryBytes("1.5Ki")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1536"));
    assertThat(Quantities.memoryBytes("1e3")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1000"));
    assertThat(Quantities.memoryBytes("1Ei")).contains(BigDecimal.valueOf(2).pow(60));
    assertThat(Quantities.memoryBytes("1073741824")).contains(BigDecimal.valueOf(1L << 30));
  }

  @Test
  void memoryRefusesHabitsAndSuggestsWhatWasMeant() {
    assertThat(Quantities.memoryBytes("512m")).isEmpty();
    assertThat(Quantities.memoryBytes("512MB")).isEmpty();
    assertThat(Quantities.memoryBytes("-1Gi")).isEmpty();
    assertThat(Quantities.memoryHint("512MB")).contains("512Mi");
    assertThat(Quantities.memoryHint("2gb")).contains("2Gi");
    assertThat(Quantities.memoryHint("2GiB")).contains("2Gi");
    assertThat(Quantities.memoryHint("lots")).isEmpty();
  }

  @Test
  void cpuTakesCoresAndMillicores() {
    assertThat(Quantities.cpuCores("250m")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.25"));
    assertThat(Quantities.cpuCores("1")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1"));
    assertThat(Quantities.cpuCores("0.5")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.5"));
    assertThat(Quantities.cpuCores("250mi")).isEmpty();
    assertThat(Quantities.cpuCores("1k")).isEmpty();
    assertThat(new Resources("512Mi", "250m").cpuCores()).isEqualByComparingTo("0.25");
  }
}
