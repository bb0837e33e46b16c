package io.loadstone.common.plan;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * A real platform to test. Holds where the password is (exactly one of an environment variable name or a file
 * path), never the password itself; {@link #resolvePassword()} reads it when the run starts.
 *
 * @param api          the platform's base URL, without a trailing slash
 * @param username     the account Loadstone logs in with
 * @param passwordEnv  name of the environment variable holding the password, or null
 * @param passwordFile path of a file holding the password ({@code ~} allowed), or null
 * @param kubeconfig   path of the kubeconfig ({@code ~} allowed), or null for fabric8's usual resolution
 *                     ({@code KUBECONFIG}, {@code ~/.kube/config}, in-cluster)
 * @param namespace    the namespace holding session objects
 * @param usersPasswordEnv  environment variable holding the password of the sessions' other owners
 *                          ({@code sessions.users}), or null
 * @param usersPasswordFile file holding that password, or null; only a session's owner may view it, so the VNC
 *                          check logs in as each owner
 */
public record Target(URI api, String username, String passwordEnv, String passwordFile, String kubeconfig,
                     String namespace, String usersPasswordEnv, String usersPasswordFile) {
  /** A target whose sessions all belong to the account it logs in with. */
  public Target(URI api, String username, String passwordEnv, String passwordFile, String kubeconfig,
                String namespace) {
    this(api, username, passwordEnv, passwordFile, kubeconfig, namespace, null, null);
  }

  public static final String DEFAULT_NAMESPACE = "streamspace";

  /** The password from the process environment or the file. */
  public Secret resolvePassword() {
    return resolvePassword(System::getenv);
  }

  /**
   * The password from {@code env} or the file; one trailing line break of the file is dropped.
   *
   * @throws MissingSecretException naming the variable or file (never a value) when it is unset, empty or unreadable
   */
  public Secret resolvePassword(Function<String, String> env) {
    return resolve("target.passwordEnv", passwordEnv, "target.passwordFile", passwordFile, env);
  }

  /** The sessions' other owners' password, if the target names one. */
  public Optional<Secret> resolveUsersPassword(Function<String, String> env) {
    if (usersPasswordEnv == null && usersPasswordFile == null) {
      return Optional.empty();
    }
    return Optional.of(resolve("target.usersPasswordEnv", usersPasswordEnv, "target.usersPasswordFile",
        usersPasswordFile, env));
  }

  private static Secret resolve(String envField, String passwordEnv, String fileField, String passwordFile,
                                Function<String, String> env) {
    if (passwordEnv != null) {
      String value = env.apply(passwordEnv);
      if (value == null) {
        throw new MissingSecretException(envField + ": environment variable " + passwordEnv + " is not set");
      }
      if (value.isEmpty()) {
        throw new MissingSecretException(envField + ": environment variable " + passwordEnv + " is empty");
      }
      return new Secret(value);
    }
    Path file = expandHome(passwordFile);
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new MissingSecretException(fileField + ": " + file + " does not exist");
    } catch (AccessDeniedException e) {
      throw new MissingSecretException(fileField + ": " + file + " is not readable (permission denied)");
    } catch (IOException e) {
      // the exception's own message could quote content in theory; name only its kind
      throw new MissingSecretException(fileField + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    String value = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
        : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    if (value.isEmpty()) {
      throw new MissingSecretException(fileField + ": " + file + " is empty");
    }
    return new Secret(value);
  }

  /** The kubeconfig with {@code ~} expanded, or empty for fabric8's usual resolution. */
  public Optional<Path> kubeconfigPath() {
    return Optional.ofNullable(kubeconfig).map(Target::expandHome);
  }

  static Path expandHome(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + path.substring(1));
    }
    return Path.of(path);
  }
}
