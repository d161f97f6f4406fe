/** Fixtures of the stored-problem suites. */

// Sums every integer of its input; reads it as a stream, holds none of it.
export const SUM_C = `#include <stdio.h>
int main(void){ long long s = 0, x = 0; int c, in = 0, neg = 0;
  while ((c = getchar()) != EOF) {
    if (c >= '0' && c <= '9') { x = x * 10 + (c - '0'); in = 1; }
    else { if (in) s += neg ? -x : x; x = 0; in = 0; neg = (c == '-'); }
  }
  if (in) s += neg ? -x : x;
  printf("%lld\\n", s); return 0; }`;

/** About `mib` MiB of numbers, one per line, from a fixed seed; and their sum. */
export function numbers(mib: number, seed: number): { data: Buffer; sum: bigint } {
  const lines: string[] = [];
  let bytes = 0;
  let sum = 0n;
  let x = seed;
  while (bytes < mib * 1_048_576) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    const n = x % 1_000_000_000;
    lines.push(String(n));
    bytes += String(n).length + 1;
    sum += BigInt(n);
  }
  return { data: Buffer.from(lines.join('\n') + '\n'), sum };
}
