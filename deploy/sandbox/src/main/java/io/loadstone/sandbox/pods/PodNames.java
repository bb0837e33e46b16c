package io.loadstone.sandbox.pods;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Names the way Kubernetes' controllers name things: the ReplicaSet of a Deployment is
 * {@code <deployment>-<pod-template-hash>} and a pod is {@code <replicaset>-<5 random chars>}, both from the
 * alphabet of {@code k8s.io/apimachinery/pkg/util/rand} (no vowels, no look-alike digits).
 */
final class PodNames {
  static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  static final String POD_TEMPLATE_HASH = "pod-template-hash";
  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private PodNames() {
  }

  /**
   * 10 characters derived from the pod template (FNV-1a over its canonical JSON, written in decimal and each
   * digit mapped into the alphabet, as the deployment controller does), so equal templates give equal hashes.
   */
  static String templateHash(PodTemplateSpec template) {
    byte[] json;
    try {
      json = CANONICAL.writeValueAsBytes(template);
    } catch (JsonProcessingException e) {
      json = String.valueOf(template).getBytes(StandardCharsets.UTF_8);
    }
    int h = 0x811c9dc5;
    for (byte b : json) {
      h = (h ^ (b & 0xff)) * 0x01000193;
    }
    String digits = String.format("%010d", Integer.toUnsignedLong(h));
    StringBuilder out = new StringBuilder(10);
    for (char c : digits.toCharArray()) {
      out.append(ALPHABET.charAt(c % ALPHABET.length()));
    }
    return out.toString();
  }

  static String randomSuffix(Random random) {
    char[] s = new char[5];
    for (int i = 0; i < s.length; i++) {
      s[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
    return new String(s);
  }
}
