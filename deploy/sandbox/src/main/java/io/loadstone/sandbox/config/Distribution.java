package io.loadstone.sandbox.config;

import java.time.Duration;
import java.util.Random;

/**
 * A delay distribution, like KWOK's stage delays: a fixed value, uniform between two bounds, or log-normal
 * given by its median and 99th percentile (the way people describe pod start times). Immutable; sampling
 * takes the caller's {@link Random} so runs with a seed are repeatable.
 */
public sealed interface Distribution {
  /** z-score of the 99th percentile of a standard normal distribution */
  double Z_P99 = 2.3263478740408408;

  Duration sample(Random random);

  /** Human form, as accepted by {@link DistributionParser}. */
  String describe();

  static Distribution fixed(Duration value) {
    return new Fixed(value);
  }

  static Distribution uniform(Duration min, Duration max) {
    return new Uniform(min, max);
  }

  static Distribution logNormal(Duration median, Duration p99) {
    return new LogNormal(median, p99);
  }

  record Fixed(Duration value) implements Distribution {
    @Override
    public Duration sample(Random random) {
      return value;
    }

    @Override
    public String describe() {
      return "fixed " + io.loadstone.common.time.Durations.format(value);
    }
  }

  record Uniform(Duration min, Duration max) implements Distribution {
    public Uniform {
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("uniform: max " + max + " is below min " + min);
      }
    }

    @Override
    public Duration sample(Random random) {
      long span = max.toNanos() - min.toNanos();
      return min.plusNanos(span == 0 ? 0 : (long) (random.nextDouble() * span));
    }

    @Override
    public String describe() {
      return "uniform " + io.loadstone.common.time.Durations.format(min) + ".." + io.loadstone.common.time.Durations.format(max);
    }
  }

  record LogNormal(Duration median, Duration p99) implements Distribution {
    public LogNormal {
      if (median.isZero() || median.isNegative()) {
        throw new IllegalArgumentException("log-normal: median must be positive, got " + median);
      }
      if (p99.compareTo(median) < 0) {
        throw new IllegalArgumentException("log-normal: p99 " + p99 + " is below the median " + median);
      }
    }

    @Override
    public Duration sample(Random random) {
      double mu = Math.log(median.toNanos());
      double sigma = (Math.log(p99.toNanos()) - mu) / Z_P99;
      return Duration.ofNanos((long) Math.exp(mu + sigma * random.nextGaussian()));
    }

    @Override
    public String describe() {
      return "log-normal median " + io.loadstone.common.time.Durations.format(median) + ", p99 "
          + io.loadstone.common.time.Durations.format(p99);
    }
  }
}
