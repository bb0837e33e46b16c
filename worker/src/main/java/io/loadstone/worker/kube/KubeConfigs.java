package io.loadstone.worker.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.File;

/**
 * The fabric8 client configuration for a {@link KubeTarget}: its master URL, kubeconfig or fabric8's own resolution,
 * its namespace, and its request timeout for every request and connection (with two retries). A configuration that
 * cannot be read or names no API server fails with {@link KubeUnreachableException}, whose message names the file
 * and the exception's class only: a parser's message may quote the file, and kubeconfigs hold tokens and keys.
 */
final class KubeConfigs {
  private static final int REQUEST_RETRIES = 2;

  private KubeConfigs() {
  }

  static Config of(KubeTarget target) {
    ConfigBuilder builder;
    if (target.masterUrl() != null) {
      builder = new ConfigBuilder(Config.empty()).withMasterUrl(target.masterUrl());
    } else {
      Config loaded;
      try {
        loaded = target.kubeconfigPath() != null ? Config.fromKubeconfig(null, new File(target.kubeconfigPath()))
            : Config.autoConfigure(null);
      } catch (RuntimeException e) {
        throw new KubeUnreachableException(target.describe(), "cannot read the configuration ("
            + e.getClass().getSimpleName() + ")", null);
      }
      if (loaded.getMasterUrl() == null || loaded.getMasterUrl().isBlank()) {
        throw new KubeUnreachableException(target.describe(), "the configuration names no API server", null);
      }
      builder = new ConfigBuilder(loaded);
    }
    if (target.namespace() != null) {
      builder.withNamespace(target.namespace());
    }
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, target.requestTimeout().toMillis());
    return builder.withRequestTimeout(timeoutMillis).withConnectionTimeout(timeoutMillis)
        .withRequestRetryBackoffLimit(REQUEST_RETRIES).build();
  }
}
