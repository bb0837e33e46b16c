package io.loadstone.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PhaseStatsTest {
  @Test
  void statisticsOfAMicrosecondHistogramAreMillisecondsWithinItsPrecision() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (int i = 1; i <= 1000; i++) {
      h.recordValue(i * 1000L + 500); // 1.5 ms .. 1000.5 ms
    }
    PhaseStats s = PhaseStats.of(h);
    assertThat(s.count()).isEqualTo(1000);
    assertThat(s.p50()).isCloseTo(500.5, within(500.5 * 0.001));
    assertThat(s.p90()).isCloseTo(900.5, within(900.5 * 0.001));
    assertThat(s.p95()).isCloseTo(950.5, within(950.5 * 0.001));
    assertThat(s.p99()).isCloseTo(990.5, within(990.5 * 0.001));
    assertThat(s.max()).isCloseTo(1000.5, within(1000.5 * 0.001));
    assertThat(s.p50()).isGreaterThanOrEqualTo(500.5);
  }

  @Test
  void fractionsOfAMillisecondAreKept() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    h.recordValue(41_187);
    assertThat(PhaseStats.of(h).max()).isCloseTo(41.187, within(0.05));
    assertThat(PhaseStats.of(h).max() % 1).isNotZero();
  }

  @Test
  void emptyHistogramGivesEmptyStatistics() {
    PhaseStats s = PhaseStats.of(new Histogram(3));
    assertThat(s.isEmpty()).isTrue();
    assertThat(s).isEqualTo(PhaseStats.EMPTY);
    assertThat(s.p95()).isNaN();
  }

  @Test
  void statisticsOutOfOrderAreRejected() {
    assertThatThrownBy(() -> new PhaseStats(3, 10, 9, 11, 12, 13))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("expected 0 <= p50 <= p90 <= p95 <= p99 <= max");
  }
}
