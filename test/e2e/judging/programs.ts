/**
 * Programs of the judging suites. `MINI_TESTLIB` is a small header written for these tests with
 * testlib's interface and exit codes (registerTestlibCmd, inf/ouf/ans, readInt, quitf, quitp):
 * testlib.h itself is not copied into the project.
 */
export const MINI_TESTLIB = `#pragma once
#include <cstdio>
#include <cstdlib>
#include <cstdarg>
enum TResult { _ok = 0, _wa = 1, _pe = 2, _fail = 3, _points = 7 };
struct InStream {
  FILE *f = nullptr;
  long long readLong() { long long x; if (!f || std::fscanf(f, "%lld", &x) != 1) quit(_pe, "expected an integer"); return x; }
  int readInt() { return (int)readLong(); }
  static void quit(TResult r, const char *msg) {
    const char *names[] = {"ok", "wrong answer", "wrong output format", "FAIL", "", "", "", "points"};
    std::fprintf(stderr, "%s %s\\n", names[r], msg);
    std::exit(r);
  }
};
InStream inf, ouf, ans;
inline void registerTestlibCmd(int argc, char **argv) {
  if (argc < 4) InStream::quit(_fail, "usage: checker input output answer");
  inf.f = std::fopen(argv[1], "r"); ouf.f = std::fopen(argv[2], "r"); ans.f = std::fopen(argv[3], "r");
  if (!inf.f || !ans.f) InStream::quit(_fail, "cannot open the input or the answer");
}
inline void quitf(TResult r, const char *fmt, ...) {
  char buf[1024]; va_list ap; va_start(ap, fmt); std::vsnprintf(buf, sizeof buf, fmt, ap); va_end(ap);
  InStream::quit(r, buf);
}
inline void quitp(double points, const char *msg) {
  char buf[1100]; std::snprintf(buf, sizeof buf, "%.10f %s", points, msg);
  InStream::quit(_points, buf);
}
`;

/** Checks one integer: equal ok, off by one half the points, else wrong answer. */
export const SUM_CHECKER = `#include "testlib.h"
int main(int argc, char **argv) {
  registerTestlibCmd(argc, argv);
  long long want = ans.readLong(), got = ouf.readLong();
  if (got == want) quitf(_ok, "%lld is right", got);
  if (got == want + 1 || got == want - 1) quitp(0.5, "off by one");
  quitf(_wa, "expected %lld, found %lld", want, got);
}
`;

export const checkerFiles = (main: string): { name: string; content: string }[] => [
  { name: 'checker.cpp', content: main },
  { name: 'testlib.h', content: MINI_TESTLIB },
];

/**
 * The guessing game's interactor: the secret is in the input file; it answers each guess with
 * `<` (the secret is smaller), `>` or `=`; more than 32 guesses is a wrong answer, an end of input
 * before `=` too. stdio, flushed after each answer.
 */
export const GUESS_INTERACTOR = `#include <cstdio>
int main(int argc, char **argv) {
  FILE *in = std::fopen(argv[1], "r");
  long long secret; if (!in || std::fscanf(in, "%lld", &secret) != 1) return 3;
  for (int n = 1; n <= 32; n++) {
    long long g; if (std::scanf("%lld", &g) != 1) { std::fprintf(stderr, "no guess %d", n); return 1; }
    if (g == secret) { std::printf("=\\n"); std::fflush(stdout); std::fprintf(stderr, "found in %d guesses", n); return 0; }
    std::printf(g > secret ? "<\\n" : ">\\n"); std::fflush(stdout);
  }
  std::fprintf(stderr, "too many guesses"); return 1;
}
`;

export const GUESS_PYTHON = `lo, hi = 1, 10**9
while True:
    mid = (lo + hi) // 2
    print(mid, flush=True)
    r = input().strip()
    if r == '=':
        break
    if r == '<':
        hi = mid - 1
    else:
        lo = mid + 1
`;

export const GUESS_CPP = `#include <cstdio>
int main() {
  long long lo = 1, hi = 1000000000; char r[4];
  for (;;) {
    long long mid = (lo + hi) / 2; std::printf("%lld\\n", mid); std::fflush(stdout);
    if (std::scanf("%3s", r) != 1) return 0;
    if (r[0] == '=') return 0;
    if (r[0] == '<') hi = mid - 1; else lo = mid + 1;
  }
}
`;
