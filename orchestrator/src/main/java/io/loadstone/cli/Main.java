package io.loadstone.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code loadstone} command. Exit codes follow the project's convention: 0 success (criteria met),
 * 1 criteria failed, 2 bad usage or invalid input, 3 infrastructure error.
 */
@Command(name = "loadstone", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Test orchestrator for StreamSpace-style session streaming platforms.",
    subcommands = {ValidateCommand.class, RunCommand.class, WorkerCommand.class, CleanupCommand.class,
        SandboxCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  public static final int EXIT_OK = 0;
  public static final int EXIT_CRITERIA_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_INFRASTRUCTURE = 3;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests with their own out/err writers. */
  public static CommandLine commandLine() {
    // Hazelcast narrates every membership step at info; its warnings and the member lists on change are what a user
    // needs (LOADSTONE_JAVA_OPTS=-Dorg.slf4j.simpleLogger.log.com.hazelcast=info brings the rest back)
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.com.hazelcast", "warn");
    CommandLine cl = new CommandLine(new Main());
    cl.setExitCodeExceptionMapper(ExitCodes::forException);
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      line.getErr().println("loadstone: " + ExitCodes.describe(ex));
      return ExitCodes.forException(ex);
    });
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
