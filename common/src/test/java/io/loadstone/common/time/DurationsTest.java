package io.loadstone.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesEveryUnitAndCompoundForms() {
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("6s")).isEqualTo(Duration.ofSeconds(6));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse(" 10S ")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void rejectsBareNumbersAndGarbageNamingWhatWasFound() {
    assertThatThrownBy(() -> Durations.parse("30")).hasMessageContaining("got \"30\"");
    assertThatThrownBy(() -> Durations.parse("5 s")).hasMessageContaining("got \"5 s\"");
    assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("got nothing");
  }

  @Test
  void formatsRoundTrip() {
    for (String s : new String[] {"250ms", "6s", "1.5s", "1m30s", "2h", "0s"}) {
      assertThat(Durations.format(Durations.parse(s))).isEqualTo(s);
    }
  }
}
