#!/usr/bin/env node
// Generate seccomp/profile.json from seccomp/policy.mjs (no dependencies).
//
//   node seccomp/generate.mjs            write seccomp/profile.json
//   node seccomp/generate.mjs --check    exit 1 if profile.json is missing or stale
//   node seccomp/generate.mjs --stdout   print the profile instead of writing it
//
// Output is deterministic: rules in policy order (allow groups, conditional
// allows, denies), syscall names sorted inside each rule, 2-space JSON, one
// trailing newline.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALLOW, ARCHITECTURES, CONDITIONAL_ALLOW, DEFAULT_ERRNO, DENY, ERRNO } from './policy.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PROFILE_PATH = join(here, 'profile.json');

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function errnoOf(name) {
  const n = ERRNO[name];
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

export function buildProfile() {
  validate();
  const syscalls = [];
  for (const g of ALLOW) {
    const rule = {
      names: [...g.syscalls].sort(byName),
      action: 'SCMP_ACT_ALLOW',
      comment: `${g.group}: ${g.why}`,
    };
    if (g.arches) rule.includes = { arches: [...g.arches].sort(byName) };
    syscalls.push(rule);
  }
  for (const c of CONDITIONAL_ALLOW) {
    syscalls.push({
      names: [c.syscall],
      action: 'SCMP_ACT_ALLOW',
      args: c.args.map((a) => ({ index: a.index, value: a.value, valueTwo: a.valueTwo ?? 0, op: a.op })),
      comment: c.why,
    });
  }
  for (const d of DENY) {
    syscalls.push({
      names: [...d.syscalls].sort(byName),
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

export function renderProfile() {
  return `${JSON.stringify(buildProfile(), null, 2)}\n`;
}

function main(argv) {
  const text = renderProfile();
  if (argv.includes('--stdout')) {
    process.stdout.write(text);
    return 0;
  }
  if (argv.includes('--check')) {
    let current = null;
    try {
      current = readFileSync(PROFILE_PATH, 'utf8');
    } catch {
      // missing file counts as stale
    }
    if (current !== text) {
      console.error('seccomp/profile.json is out of date: run `node seccomp/generate.mjs`');
      return 1;
    }
    console.log('seccomp/profile.json is up to date');
    return 0;
  }
  writeFileSync(PROFILE_PATH, text);
  console.log(`wrote ${PROFILE_PATH}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
