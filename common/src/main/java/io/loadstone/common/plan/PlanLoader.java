package io.loadstone.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadstone.common.plan.criteria.Criterion;
import io.loadstone.common.plan.step.Step;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a plan (YAML). Every problem is reported at once, in document order, each as
 * {@code <file>: <field path>: expected <what>, got <found>}; unknown fields are errors with a "did you mean".
 * Secrets are never read from or echoed out of a plan. See {@code docs/plan.md} for every field.
 * <pre>
 * Plan plan = PlanLoader.load(Path.of("plans/test-1.3-concurrent-sessions.yaml"));
 * </pre>
 */
public final class PlanLoader {
  static final List<String> KEYS = List.of("name", "description", "target", "sandbox", "sessions", "arrival", "hold",
      "checks", "timeouts", "criteria", "steps");
  static final List<String> SESSION_KEYS = List.of("count", "user", "users", "template", "resources",
      "persistentHome");
  private static final List<String> TIMEOUT_KEYS = List.of("provisioned", "podReady", "running", "tunnelUp", "cleanedUp");
  // a Kubernetes label value, because the name ends up in the run's labels and file names
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
  private static final String PLAN_SHAPE = "a plan (a mapping with name, sessions, ...)";

  private PlanLoader() {
  }

  /** Loads a plan file, checking its {@code sandbox:} block for shape only. */
  public static Plan load(Path file) {
    return load(file, SandboxCheck.NONE);
  }

  /** Loads a plan file; {@code sandboxCheck} validates the {@code sandbox:} block fully. */
  public static Plan load(Path file, SandboxCheck sandboxCheck) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidPlanException(file.toString(), List.of("file not found"));
    } catch (AccessDeniedException e) {
      throw new InvalidPlanException(file.toString(), List.of("cannot read the file (permission denied)"));
    } catch (IOException e) {
      String why = Files.isDirectory(file) ? "a directory, not a plan file" : e.getClass().getSimpleName();
      throw new InvalidPlanException(file.toString(), List.of("cannot read the file (" + why + ")"));
    }
    return parse(file.toString(), text, sandboxCheck);
  }

  /** Parses plan text; {@code source} names it in problems (usually the file name). */
  public static Plan parse(String source, String yaml) {
    return parse(source, yaml, SandboxCheck.NONE);
  }

  /**
   * Parses plan text, validating its {@code sandbox:} block with {@code sandboxCheck} once its shape is right.
   *
   * @throws InvalidPlanException with every problem found
   */
  public static Plan parse(String source, String yaml, SandboxCheck sandboxCheck) {
    Problems problems = new Problems();
    Optional<JsonNode> tree;
    try {
      tree = YamlTree.read(yaml, problems);
    } catch (YamlTree.SyntaxError e) {
      throw new InvalidPlanException(source, List.of(e.getMessage()));
    }
    if (tree.isEmpty() || !tree.get().isObject()) {
      problems.expected("(top)", PLAN_SHAPE, tree.isEmpty() ? "an empty document" : Problems.describe(tree.get()));
      throw new InvalidPlanException(source, problems.list());
    }
    Section top = new Section(tree.get(), "", problems);
    top.allowOnly(KEYS);
    String name = name(top);
    String description = top.string("description", "");
    Target target = TargetReader.read(top);
    SandboxBlock sandbox = SandboxReader.read(top, sandboxCheck);
    Sessions sessions = sessions(top, target);
    Arrival arrival = arrival(top);
    Duration hold = top.duration("hold", Duration.ZERO, false);
    List<Check> checks = checks(top);
    Timeouts timeouts = timeouts(top);
    List<Criterion> criteria = CriteriaReader.read(top);
    List<Step> steps = StepReader.read(top, target != null || top.has("target"), sandbox, sandboxCheck);
    if (target != null && target.username() != null && sessions != null && checks.contains(Check.VNC)
        && target.usersPasswordEnv() == null
        && target.usersPasswordFile() == null) {
      List<String> others = sessions.users().stream().filter(u -> !u.equals(target.username())).toList();
      if (!others.isEmpty()) {
        problems.add("sessions: the vnc check views each session as its owner (the platform lets no one else), and "
            + "no password is known for " + (others.size() == 1 ? "user " + others.get(0) : others.size() + " users")
            + ": give target.usersPasswordEnv or target.usersPasswordFile, or drop vnc from checks");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidPlanException(source, problems.list());
    }
    return new Plan(name, description, target, sandbox, sessions, arrival, hold, checks, timeouts, criteria, steps);
  }

  private static String name(Section top) {
    String name = top.requiredString("name", "a plan name like \"test-1.3-concurrent-sessions\"");
    if (name != null && !NAME.matcher(name).matches()) {
      top.problems.expected("name", "letters, digits, '.', '_' and '-' (at most 63, starting and ending with a letter or digit)",
          Problems.quote(name));
      return null;
    }
    return name;
  }

  private static Sessions sessions(Section top, Target target) {
    String shape = "a mapping like {count: 5, user: admin, template: firefox-browser}";
    if (!top.has("sessions")) {
      top.missing("sessions", shape);
      return null;
    }
    Section s = top.section("sessions", shape);
    if (s == null) {
      return null;
    }
    s.allowOnly(SESSION_KEYS);
    Integer count = null;
    JsonNode c = s.get("count");
    if (c == null || c.isNull()) {
      s.missing("count", "an integer >= 1");
    } else if (!c.isIntegralNumber() || c.bigIntegerValue().signum() <= 0 || !c.canConvertToInt()) {
      s.problems.expected(s.path("count"), "an integer >= 1", c);
    } else {
      count = c.intValue();
    }
    // sessions are created for the account that logs in unless the plan says otherwise
    List<String> users = UsersReader.read(s, target == null ? "admin" : target.username());
    String template = s.requiredString("template", "a template name like \"firefox-browser\"");
    Resources resources = resources(s);
    Boolean persistentHome = s.bool("persistentHome", true);
    return new Sessions(count == null ? 0 : count, users == null ? List.of("?") : users, template, resources,
        persistentHome != null && persistentHome);
  }

  private static Resources resources(Section s) {
    Section r = s.section("resources", "a mapping like {memory: 512Mi, cpu: 250m}");
    if (r == null) {
      return Resources.PLATFORM_DEFAULTS;
    }
    r.allowOnly(List.of("memory", "cpu"));
    String memory = quantity(r, "memory", true, Resources.PLATFORM_DEFAULTS.memory());
    String cpu = quantity(r, "cpu", false, Resources.PLATFORM_DEFAULTS.cpu());
    return new Resources(memory, cpu);
  }

  private static String quantity(Section r, String key, boolean memory, String fallback) {
    JsonNode v = r.get(key);
    if (v == null) {
      return fallback;
    }
    String text = v.isTextual() ? v.asText().trim()
        : v.isNumber() ? v.decimalValue().stripTrailingZeros().toPlainString() : null;
    Optional<BigDecimal> amount = text == null ? Optional.empty()
        : memory ? Quantities.memoryBytes(text) : Quantities.cpuCores(text);
    if (amount.isPresent() && amount.get().signum() > 0) {
      return text;
    }
    String hint = memory && text != null && v.isTextual()
        ? Quantities.memoryHint(text).map(h -> " (did you mean \"" + h + "\"?)").orElse("") : "";
    r.problems.expected(r.path(key), memory ? "a positive Kubernetes memory quantity like \"512Mi\" or \"2Gi\""
        : "a positive Kubernetes CPU quantity like \"250m\" or \"1\"", Problems.describe(v) + hint);
    return null;
  }

  private static Arrival arrival(Section top) {
    Section a = top.section("arrival", "a mapping like {kind: burst}");
    if (a == null) {
      return new Arrival.Burst();
    }
    JsonNode kind = a.get("kind");
    if (kind == null || kind.isNull()) {
      a.allowOnly(List.of("kind"));
      a.missing("kind", "burst");
      return null;
    }
    if (!kind.isTextual()) {
      a.problems.expected(a.path("kind"), "burst", kind);
      return null;
    }
    switch (kind.asText()) {
      case "burst" -> {
        a.allowOnly(List.of("kind"));
        return new Arrival.Burst();
      }
      // their parameters are not checked: the kind itself is the problem to fix
      case "ramp", "rate" -> a.problems.expected(a.path("kind"), "burst",
          Problems.quote(kind.asText()) + " (ramp and rate arrivals come in a later version)");
      default -> a.problems.expected(a.path("kind"), "burst", Problems.quote(kind.asText())
          + Suggestions.hint(kind.asText(), List.of("burst", "ramp", "rate")));
    }
    return null;
  }

  private static List<Check> checks(Section top) {
    JsonNode node = top.get("checks");
    if (node == null) {
      return List.of(Check.values());
    }
    if (!node.isArray()) {
      top.problems.expected("checks", "a list like [isolation, vnc]", node);
      return List.of();
    }
    List<Check> checks = new ArrayList<>();
    Set<Check> seen = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String path = "checks[" + i + "]";
      Optional<Check> check = item.isTextual() ? Check.byId(item.asText()) : Optional.empty();
      if (check.isEmpty()) {
        String hint = item.isTextual() ? Suggestions.hint(item.asText(), Check.ids()) : "";
        top.problems.expected(path, "one of " + String.join(", ", Check.ids()), Problems.describe(item) + hint);
      } else if (!seen.add(check.get())) {
        top.problems.expected(path, "each check once", Problems.describe(item) + " again");
      } else {
        checks.add(check.get());
      }
    }
    return checks;
  }

  private static Timeouts timeouts(Section top) {
    Section t = top.section("timeouts", "a mapping like {provisioned: 30s, podReady: 120s}");
    if (t == null) {
      return Timeouts.DEFAULTS;
    }
    t.allowOnly(TIMEOUT_KEYS);
    Timeouts d = Timeouts.DEFAULTS;
    return new Timeouts(t.duration("provisioned", d.provisioned(), true), t.duration("podReady", d.podReady(), true),
        t.duration("running", d.running(), true), t.duration("tunnelUp", d.tunnelUp(), true),
        t.duration("cleanedUp", d.cleanedUp(), true));
  }
}
