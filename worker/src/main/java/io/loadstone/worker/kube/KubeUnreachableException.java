package io.loadstone.worker.kube;

/**
 * The Kubernetes API could not be used: not reachable, refused the informers' list/watch, did not sync in time, or
 * its configuration could not be read. {@code url} is the API server's URL (or how it was to be found); the message
 * never quotes a kubeconfig's content, a token or a certificate.
 */
public final class KubeUnreachableException extends RuntimeException {
  private final String url;

  public KubeUnreachableException(String url, String what, Throwable cause) {
    super("Kubernetes API at " + url + ": " + what, cause);
    this.url = url;
  }

  public String url() {
    return url;
  }
}
