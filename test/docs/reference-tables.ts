import {
  CHECKER_LIMITS,
  COMPILE_LIMITS,
  INTERACTOR_LIMITS,
  INTERACTOR_WALL_GRACE_MS,
  JUDGE_BOUNDS,
  JUDGE0_BOUNDS,
  JUDGE0_LIMITS,
  LIMIT_NAMES,
  LIMIT_RANGES,
  PRIORITY_CLASSES,
  PROBLEM_BOUNDS,
  SANDBOX_SIZES,
  SUBMISSION_BOUNDS,
  TENANT_BOUNDS,
  TENANT_DEFAULTS,
  formatRate,
  VERDICT_DESCRIPTIONS,
} from '@judgebox/domain';

/** The reference tables of docs/ (limits, api, judge0), rendered from the one source each; the docs spec checks each page holds them verbatim. */
export function limitsTable(): string {
  const rows = LIMIT_NAMES.map((n) => {
    const r = LIMIT_RANGES[n];
    return `| \`${n}\` | ${r.description} | ${r.unit} | ${r.default} | ${r.min} | ${r.max} | ${COMPILE_LIMITS[n]} |`;
  });
  return [
    '| limit | what | unit | default | min | max | compile phase |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function boundsTable(): string {
  const rows = [
    ...Object.entries(SUBMISSION_BOUNDS).map(([k, v]) => `| submission | \`${k}\` | ${v} |`),
    ...Object.entries(SANDBOX_SIZES).map(([k, v]) => `| sandbox | \`${k}\` | ${v} |`),
    ...Object.entries(JUDGE_BOUNDS).map(([k, v]) => `| judging | \`${k}\` | ${v} |`),
    ...Object.entries(CHECKER_LIMITS).map(([k, v]) => `| checker run | \`${k}\` | ${v} |`),
    ...Object.entries(INTERACTOR_LIMITS).map(([k, v]) => `| interactor run | \`${k}\` | ${v} |`),
    `| interactor run | \`wallGraceMs\` (over the program's wall limit, at least) | ${INTERACTOR_WALL_GRACE_MS} |`,
    ...Object.entries(PROBLEM_BOUNDS).map(([k, v]) => `| problem | \`${k}\` | ${v} |`),
  ];
  return ['| applies to | bound | value |', '|---|---|---|', ...rows].join('\n');
}

/** API keys: what `npm run keys -- create` gives when a flag is left out, and the most it accepts. */
export function apiKeyTable(): string {
  const d = TENANT_DEFAULTS;
  const priorities = Object.entries(PRIORITY_CLASSES)
    .map(([k, v]) => `\`${k}\`=${v}`)
    .join(', ');
  const rows = [
    `| \`rate\` | ${formatRate(d.rate)} | ${TENANT_BOUNDS.ratePerSecond}/s |`,
    `| \`concurrency\` | ${d.concurrency} | ${TENANT_BOUNDS.concurrency} |`,
    `| \`cpuSecondsPerDay\` | ${d.cpuSecondsPerDay} | ${TENANT_BOUNDS.cpuSecondsPerDay} |`,
    `| \`priority\` | ${d.priority} | ${priorities} (BullMQ priority) |`,
    `| \`limits\` | none | each within the limits table's min and max |`,
    `| keys per deployment | | ${TENANT_BOUNDS.keys} |`,
  ];
  return ['| API key quota | default | max |', '|---|---|---|', ...rows].join('\n');
}

export function verdictTable(): string {
  const rows = Object.entries(VERDICT_DESCRIPTIONS).map(([v, d]) => `| \`${v}\` | ${d} |`);
  return ['| verdict | meaning |', '|---|---|', ...rows].join('\n');
}

/** Judge0's limit fields; the range in interval notation, `(` where Judge0 wants more than the minimum. */
export function judge0LimitsTable(): string {
  const rows = Object.entries(JUDGE0_LIMITS).map(([name, r]) => {
    const range = `${r.minInclusive ? '[' : '('}${r.min}, ${r.max}]`;
    return `| \`${name}\` | ${r.unit} | ${r.default} | ${range} | ${r.integer ? 'yes' : 'no'} |`;
  });
  return ['| Judge0 field | unit | default | range | integer |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function judge0BoundsTable(): string {
  const rows = Object.entries(JUDGE0_BOUNDS).map(([k, v]) => `| \`${k}\` | ${v} |`);
  return ['| bound | value |', '|---|---|', ...rows].join('\n');
}
