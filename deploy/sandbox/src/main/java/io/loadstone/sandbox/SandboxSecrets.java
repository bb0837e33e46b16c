package io.loadstone.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sandbox's secrets: admin password, JWT signing secret and one 64-hex API key per agent. Generated per
 * start unless the config sets the admin password. {@link #toString()} never shows them; nothing logs them.
 */
public final class SandboxSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final String adminPassword;
  private final String jwtSecret;
  private final Map<String, String> agentKeys;

  public SandboxSecrets(String adminPassword, String jwtSecret, Map<String, String> agentKeys) {
    this.adminPassword = adminPassword;
    this.jwtSecret = jwtSecret;
    // agent order matters: ids are listed k8s-agent-1..n in endpoints and logs
    this.agentKeys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(agentKeys));
  }

  /** Fresh secrets for agents {@code k8s-agent-1..n}; {@code adminPassword} null = generated. */
  public static SandboxSecrets generate(String adminPassword, int agents) {
    Map<String, String> keys = new LinkedHashMap<>();
    for (int i = 1; i <= agents; i++) {
      keys.put(agentId(i), hex(32));
    }
    return new SandboxSecrets(adminPassword != null ? adminPassword : hex(12), hex(32), keys);
  }

  public static String agentId(int index) {
    return "k8s-agent-" + index;
  }

  public static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  public String adminPassword() {
    return adminPassword;
  }

  public String jwtSecret() {
    return jwtSecret;
  }

  /** agentId -> 64-hex API key, in agent order */
  public Map<String, String> agentKeys() {
    return agentKeys;
  }

  @Override
  public String toString() {
    return "SandboxSecrets[agents=" + agentKeys.keySet() + ", adminPassword=***, jwtSecret=***, agentKeys=***]";
  }
}
