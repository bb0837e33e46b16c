package io.loadstone.cli;

import io.loadstone.common.plan.InvalidPlanException;
import io.loadstone.common.plan.Plan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loadstone validate PLAN...}: checks plan files without running anything. */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Check plan files without running anything. Every problem in a file is reported at once, one per line on stderr, as FILE: FIELD: expected WHAT, got FOUND; unknown fields come with a suggestion.",
        "A valid plan prints FILE: valid (N sessions, ARRIVAL, M criteria) on stdout.",
        "The sandbox: block is checked with the sandbox's own config rules. Passwords are not read here: run reads passwordEnv or passwordFile when it starts.",
        "Fields and criteria grammar: docs/plan.md."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every plan is valid", "2:a plan is invalid or unreadable, or bad usage"})
final class ValidateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PLAN", description = "Plan files (YAML), checked in order.")
  List<Path> plans;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int exit = Main.EXIT_OK;
    for (Path file : plans) {
      try {
        Plan plan = PlanSandbox.load(file);
        out.println(file + ": valid (" + plan.summary() + ")");
      } catch (InvalidPlanException e) {
        e.lines().forEach(err::println);
        int n = e.problems().size();
        err.println(file + ": invalid (" + n + (n == 1 ? " problem)" : " problems)"));
        exit = Main.EXIT_USAGE;
      }
    }
    out.flush();
    err.flush();
    return exit;
  }
}
