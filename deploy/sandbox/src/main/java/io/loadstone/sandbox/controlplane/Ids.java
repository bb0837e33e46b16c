package io.loadstone.sandbox.controlplane;

import java.util.Random;
import java.util.UUID;

/**
 * Identifiers shaped like the platform's ({@code uuid.New().String()[:8]}, full UUIDs), drawn from the sandbox's
 * {@link Random} so a seeded run names its sessions and commands the same way every time.
 */
final class Ids {
  private final Random random;

  Ids(Random random) {
    this.random = random;
  }

  /** the first 8 hex digits of a v4 UUID, as the platform cuts them for session and command ids */
  String hex8() {
    return uuid().substring(0, 8);
  }

  String uuid() {
    long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  String commandId() {
    return "cmd-" + hex8();
  }
}
