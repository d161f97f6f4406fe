/**
 * judgebox's JUnit 5 grader (`JbJunitGrader.java`, compiled with the submission): its `main` reads
 * the run's seal from stdin before any other class of the submission loads, runs the classes of
 * the teacher's files through the JUnit Platform launcher with Jupiter alone (no engines,
 * listeners, filters or junit-platform.properties found on the class path: a student's could
 * hide a failing test), and writes the signed report (sealed-report.ts). A test of the plan
 * without a result is an error; then the JVM halts (no shutdown hook runs).
 * Arguments: the teacher's .java files, and `--config=key=value` items.
 */
export const JUNIT_GRADER = String.raw`import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.*;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.*;
import org.junit.platform.launcher.core.*;

public final class JbJunitGrader implements TestExecutionListener {
  private final Map<TestIdentifier, String[]> results = new LinkedHashMap<>();
  private final Map<TestIdentifier, Long> started = new HashMap<>();
  private TestPlan plan;

  public static void main(String[] args) throws Exception {
    String[] seal = readSeal();
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
        .enableImplicitConfigurationParameters(false);
    for (String arg : args) {
      if (arg.startsWith("--config=")) {
        String kv = arg.substring("--config=".length());
        int eq = kv.indexOf('=');
        request.configurationParameter(kv.substring(0, eq), kv.substring(eq + 1));
      } else {
        request.selectors(DiscoverySelectors.selectClass(className(arg)));
      }
    }
    LauncherConfig config = LauncherConfig.builder()
        .enableTestEngineAutoRegistration(false)
        .enableLauncherSessionListenerAutoRegistration(false)
        .enableLauncherDiscoveryListenerAutoRegistration(false)
        .enablePostDiscoveryFilterAutoRegistration(false)
        .enableTestExecutionListenerAutoRegistration(false)
        .addTestEngines(new JupiterTestEngine())
        .build();
    JbJunitGrader grader = new JbJunitGrader();
    LauncherFactory.create(config).execute(request.build(), grader);
    byte[] body = grader.document().getBytes(StandardCharsets.UTF_8);
    write(seal[1], sign(seal[0], body), body);
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(grader.anyFailed() ? 1 : 0);
  }

  private static String[] readSeal() throws IOException {
    FileInputStream in = new FileInputStream(FileDescriptor.in);
    StringBuilder line = new StringBuilder();
    for (int c; line.length() < 4096 && (c = in.read()) != -1 && c != '\n'; ) line.append((char) c);
    String[] parts = line.toString().split(" ");
    if (parts.length != 2) {
      System.err.println("judgebox grader: no seal on stdin");
      Runtime.getRuntime().halt(125);
    }
    return parts;
  }

  private static String className(String file) throws IOException {
    String source = Files.readString(Path.of(file));
    Matcher m = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;").matcher(source);
    String simple = Path.of(file).getFileName().toString().replaceFirst("\\.java$", "");
    return m.find() ? m.group(1) + "." + simple : simple;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    for (TestIdentifier root : testPlan.getRoots())
      for (TestIdentifier id : testPlan.getDescendants(root)) if (id.isTest()) results.put(id, null);
  }

  @Override
  public void dynamicTestRegistered(TestIdentifier id) {
    if (id.isTest()) results.putIfAbsent(id, null);
  }

  @Override
  public void executionStarted(TestIdentifier id) {
    started.put(id, System.nanoTime());
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    if (id.isTest()) results.put(id, new String[] {"skipped", reason, null});
    else for (TestIdentifier d : plan.getDescendants(id)) if (d.isTest()) results.putIfAbsent(d, new String[] {"skipped", reason, null});
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    Long t0 = started.get(id);
    String ms = t0 == null ? null : String.valueOf((System.nanoTime() - t0) / 1_000_000);
    Throwable error = result.getThrowable().orElse(null);
    String message = error == null ? null : String.valueOf(error.getMessage() != null ? error.getMessage() : error);
    if (message != null && message.length() > 4096) message = message.substring(0, 4096);
    String status = switch (result.getStatus()) {
      case SUCCESSFUL -> "passed";
      case ABORTED -> "skipped";
      case FAILED -> error instanceof AssertionError ? "failed" : "error";
    };
    if (id.isTest()) results.put(id, new String[] {status, message, ms});
    else if (!"passed".equals(status))
      for (TestIdentifier d : plan.getDescendants(id))
        if (d.isTest() && results.get(d) == null) results.put(d, new String[] {status.equals("skipped") ? "skipped" : "error", message, null});
  }

  boolean anyFailed() {
    for (String[] r : results.values()) if (r == null || r[0].equals("failed") || r[0].equals("error")) return true;
    return false;
  }

  String document() {
    StringBuilder out = new StringBuilder("{\"reporter\":\"judgebox\",\"tests\":[");
    boolean first = true;
    for (Map.Entry<TestIdentifier, String[]> e : results.entrySet()) {
      String[] r = e.getValue() != null ? e.getValue() : new String[] {"error", "the test did not finish", null};
      out.append(first ? "" : ",").append("{\"name\":").append(quote(name(e.getKey())))
          .append(",\"status\":").append(quote(r[0])).append(",\"message\":").append(quote(r[1]))
          .append(",\"timeMs\":").append(r[2] == null ? "null" : r[2]).append('}');
      first = false;
    }
    return out.append("]}").toString();
  }

  private String name(TestIdentifier id) {
    for (Optional<TestIdentifier> p = plan.getParent(id); p.isPresent(); p = plan.getParent(p.get()))
      if (p.get().getSource().orElse(null) instanceof ClassSource c)
        return c.getClassName() + "." + id.getLegacyReportingName();
    return id.getLegacyReportingName();
  }

  private static String quote(String s) {
    if (s == null) return "null";
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') q.append('\\').append(c);
      else if (c < 0x20) q.append(String.format("\\u%04x", (int) c));
      else q.append(c);
    }
    return q.append('"').toString();
  }

  private static String sign(String key, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static void write(String path, String mac, byte[] body) throws IOException {
    Path file = Path.of(path);
    Files.createDirectory(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    byte[] header = ("judgebox-report " + mac + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(header, header.length + body.length);
    System.arraycopy(body, 0, all, header.length, body.length);
    Files.write(file, all, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  }
}
`;
