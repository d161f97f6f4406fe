#!/usr/bin/env node
// Generate the seccomp files from seccomp/policy.mjs (no dependencies):
//   profile.json       every sandbox container of container isolation
//   profile-slot.json  slot containers of namespace isolation: profile.json plus SUPERVISOR
//   inner-filter.json  what the worker compiles to BPF for bubblewrap to stack on every untrusted
//                      process in a slot: SUPERVISOR denied again
//   profile-runsc.json containers under gVisor (SANDBOX_RUNTIME=runsc): profile.json with the
//                      RUNSC_SERVED denials (errno other than EPERM) allowed, the Sentry serving them,
//                      and gVisor's own name for each syscall of RUNSC_NAMES
//
//   node seccomp/generate.mjs            write them
//   node seccomp/generate.mjs --check    exit 1 if one is missing or stale
//   node seccomp/generate.mjs --stdout   print profile.json instead of writing it
//
// Output is deterministic: rules in policy order (allow groups, conditional
// allows, denies), syscall names sorted inside each rule, 2-space JSON, one
// trailing newline.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ALLOW,
  ARCHITECTURES,
  CLONE_NAMESPACE_MASK,
  CONDITIONAL_ALLOW,
  DEFAULT_ERRNO,
  DENY,
  ERRNO,
  RUNSC_NAMES,
  RUNSC_SERVED,
  SUPERVISOR,
} from './policy.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** @typedef {import('./policy.mjs').AllowGroup} AllowGroup */

/** @param {string} a @param {string} b */
const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** @param {string} name one of ERRNO's keys */
function errnoOf(name) {
  const n = ERRNO[/** @type {keyof typeof ERRNO} */ (name)];
  if (!Number.isInteger(n)) throw new Error(`unknown errno name ${JSON.stringify(name)}`);
  return n;
}

/** Validate the policy: no duplicates, no syscall both allowed and denied. */
function validate() {
  const problems = [];
  const allowed = new Map(); // name -> group
  for (const g of ALLOW) {
    if (!g.group || !g.why || !Array.isArray(g.syscalls) || g.syscalls.length === 0) {
      problems.push(`allow group ${JSON.stringify(g.group)} needs group, why and syscalls`);
    }
    for (const s of g.syscalls) {
      if (allowed.has(s)) problems.push(`${s} allowed twice (${allowed.get(s)}, ${g.group})`);
      allowed.set(s, g.group);
    }
  }
  const conditional = new Set();
  for (const c of CONDITIONAL_ALLOW) {
    if (!c.why || !Array.isArray(c.args) || c.args.length === 0) {
      problems.push(`conditional rule for ${c.syscall} needs why and args`);
    }
    if (allowed.has(c.syscall)) {
      problems.push(
        `${c.syscall} is unconditionally allowed (${allowed.get(c.syscall)}) and also conditionally`,
      );
    }
    conditional.add(c.syscall);
  }
  const denied = new Set();
  for (const d of DENY) {
    if (!d.why || !d.errno) problems.push(`deny entry ${d.syscalls.join(',')} needs why and errno`);
    errnoOf(d.errno);
    for (const s of d.syscalls) {
      if (denied.has(s)) problems.push(`${s} denied twice`);
      if (allowed.has(s)) problems.push(`${s} both allowed (${allowed.get(s)}) and denied`);
      if (conditional.has(s)) {
        problems.push(`${s} has conditional allow rules; an unconditional deny would override them`);
      }
      denied.add(s);
    }
  }
  if (problems.length) {
    throw new Error(`invalid seccomp policy:\n  ${problems.join('\n  ')}`);
  }
}

/** gVisor's served syscalls must be denied with an errno other than EPERM, else nothing changes. */
function runscGroups() {
  const notEperm = new Set(DENY.filter((d) => d.errno !== 'EPERM').flatMap((d) => d.syscalls));
  const served = RUNSC_SERVED.flatMap((g) => g.syscalls);
  const wrong = served.filter((s) => !notEperm.has(s));
  const missing = [...notEperm].filter((s) => !served.includes(s));
  if (wrong.length || missing.length)
    throw new Error(
      `RUNSC_SERVED must list exactly the non-EPERM denials; wrong: ${wrong.join(',')}; missing: ${missing.join(',')}`,
    );
  const allowed = new Set(ALLOW.flatMap((g) => g.syscalls));
  const unknown = Object.keys(RUNSC_NAMES).filter((s) => !allowed.has(s));
  if (unknown.length) throw new Error(`RUNSC_NAMES may only rename allowed syscalls: ${unknown.join(',')}`);
  return [
    ...RUNSC_SERVED.map((g) => ({ group: 'served by gVisor', why: g.why, syscalls: g.syscalls })),
    {
      group: "gVisor's names",
      why: `gVisor 20221219 ignores a name it does not know: ${Object.entries(RUNSC_NAMES)
        .map(([ours, its]) => `${ours} is its ${its}`)
        .join(', ')}`,
      syscalls: Object.values(RUNSC_NAMES),
    },
  ];
}

/**
 * The container profile; with `slot`, the slot profile: SUPERVISOR's syscalls move from the deny
 * list to an allow rule of their own, and clone is allowed whatever its flags; with `runsc`, the
 * RUNSC_SERVED denials move to allow rules (gVisor's Sentry answers them) and RUNSC_NAMES adds
 * gVisor's names of allowed syscalls.
 */
export function buildProfile({ slot = false, runsc = false } = {}) {
  validate();
  const syscalls = [];
  const extra = runsc ? runscGroups() : [];
  const supervised = new Set([...(slot ? SUPERVISOR.syscalls : []), ...extra.flatMap((g) => g.syscalls)]);
  /** @type {AllowGroup[]} */
  const allowGroups = slot
    ? [...ALLOW, { group: 'supervisor', why: SUPERVISOR.why, syscalls: [...SUPERVISOR.syscalls, 'clone'] }]
    : [...ALLOW, ...extra];
  for (const g of allowGroups) {
    /** @type {{ names: string[], action: string, comment: string, includes?: { arches: string[] } }} */
    const rule = {
      names: [...g.syscalls].sort(byName),
      action: 'SCMP_ACT_ALLOW',
      comment: `${g.group}: ${g.why}`,
    };
    if (g.arches) rule.includes = { arches: [...g.arches].sort(byName) };
    syscalls.push(rule);
  }
  for (const c of CONDITIONAL_ALLOW) {
    if (slot && c.syscall === 'clone') continue;
    syscalls.push({
      names: [c.syscall],
      action: 'SCMP_ACT_ALLOW',
      args: c.args.map((a) => ({ index: a.index, value: a.value, valueTwo: a.valueTwo ?? 0, op: a.op })),
      comment: c.why,
    });
  }
  for (const d of DENY) {
    const names = d.syscalls.filter((n) => !supervised.has(n));
    if (names.length === 0) continue;
    syscalls.push({
      names: names.sort(byName),
      action: 'SCMP_ACT_ERRNO',
      errnoRet: errnoOf(d.errno),
      comment: `deny (${d.errno}): ${d.why}`,
    });
  }
  return {
    defaultAction: 'SCMP_ACT_ERRNO',
    // Honoured by Docker >= 23; Docker 20.10 ignores the field and runc then
    // uses EPERM for SCMP_ACT_ERRNO anyway, so the result is the same.
    defaultErrnoRet: errnoOf(DEFAULT_ERRNO),
    archMap: ARCHITECTURES.map((a) => ({
      architecture: a.architecture,
      subArchitectures: [...a.subArchitectures],
    })),
    syscalls,
  };
}

/** What the inner filter denies: exactly what the slot profile allows beyond the container's. */
export function buildInnerFilter() {
  const denied = new Set(DENY.flatMap((d) => d.syscalls));
  const missing = SUPERVISOR.syscalls.filter((n) => !denied.has(n));
  if (missing.length)
    throw new Error(`SUPERVISOR may only relax denied syscalls; not denied: ${missing.join(', ')}`);
  return {
    comment: `stacked by bubblewrap on every untrusted process of a slot: ${SUPERVISOR.why}; all denied again`,
    errno: errnoOf(SUPERVISOR.errno),
    syscalls: [...SUPERVISOR.syscalls].sort(byName),
    cloneNamespaceMask: SUPERVISOR.cloneNamespaces ? CLONE_NAMESPACE_MASK : 0,
  };
}

/** @param {unknown} value */
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

export function renderProfile() {
  return json(buildProfile());
}

/** Every generated file: name -> content. */
export function renderAll() {
  return {
    'profile.json': renderProfile(),
    'profile-slot.json': json(buildProfile({ slot: true })),
    'inner-filter.json': json(buildInnerFilter()),
    'profile-runsc.json': json(buildProfile({ runsc: true })),
  };
}

/** @param {string[]} argv */
function main(argv) {
  const files = renderAll();
  if (argv.includes('--stdout')) {
    process.stdout.write(files['profile.json']);
    return 0;
  }
  if (argv.includes('--check')) {
    const stale = Object.entries(files).filter(([name, text]) => {
      try {
        return readFileSync(join(here, name), 'utf8') !== text;
      } catch {
        return true; // a missing file counts as stale
      }
    });
    if (stale.length) {
      console.error(
        `seccomp/${stale.map(([n]) => n).join(', ')} out of date: run \`node seccomp/generate.mjs\``,
      );
      return 1;
    }
    console.log(`seccomp/{${Object.keys(files).join(',')}} are up to date`);
    return 0;
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(here, name), text);
  console.log(
    `wrote ${Object.keys(files)
      .map((n) => join(here, n))
      .join(', ')}`,
  );
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
