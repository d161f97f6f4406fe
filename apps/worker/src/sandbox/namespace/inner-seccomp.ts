import { readFileSync } from 'node:fs';

/**
 * The inner seccomp filter of namespace isolation, as classic BPF for `bwrap --seccomp FD`.
 *
 * A slot container runs under the slot profile, which lets bubblewrap create namespaces and
 * mounts. bubblewrap stacks this filter on every untrusted process just before its exec, and it
 * denies exactly those rights again (seccomp/inner-filter.json, generated from seccomp/policy.mjs):
 * the program gets the same EPERM as under the container profile. The kernel runs every filter of
 * a process and keeps the strictest answer, so this filter can only take rights away.
 *
 * Written by hand rather than with libseccomp: the filter is a dozen instructions, the worker has no
 * native dependency, and the assembler below is unit-tested instruction by instruction.
 */
export interface InnerFilterPolicy {
  /** errno returned for a denied call. */
  errno: number;
  /** Syscall names denied whatever their arguments. */
  syscalls: string[];
  /** clone is denied when its flags (argument 0) have any of these bits. */
  cloneNamespaceMask: number;
}

/** seccomp_data.arch values (linux/audit.h) and the numbers of the syscalls a policy may name. */
const ARCHES = {
  x64: {
    audit: 0xc000003e,
    /** x32 syscalls are x86_64 numbers with this bit; the outer profile kills them, we deny too. */
    x32Bit: 0x40000000,
    nr: { mount: 165, umount2: 166, pivot_root: 155, unshare: 272, setns: 308, chroot: 161, clone: 56 },
  },
  arm64: {
    audit: 0xc00000b7,
    x32Bit: 0,
    nr: { mount: 40, umount2: 39, pivot_root: 41, unshare: 97, setns: 268, chroot: 51, clone: 220 },
  },
} as const;
type Arch = keyof typeof ARCHES;
type Syscall = keyof (typeof ARCHES)[Arch]['nr'];

// Classic BPF opcodes (linux/filter.h) and seccomp return values (linux/seccomp.h).
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const RET_K = 0x06;
const RET_KILL_PROCESS = 0x80000000;
const RET_ERRNO = 0x00050000;
const RET_ALLOW = 0x7fff0000;
/** Offsets in struct seccomp_data: nr, arch, args[0] (its low 32 bits on little-endian hosts). */
const OFF_NR = 0;
const OFF_ARCH = 4;
const OFF_ARG0_LOW = 16;

interface Insn {
  code: number;
  k: number;
  /** Absolute targets, resolved to the relative jt/jf of BPF when encoded. */
  jt?: string;
  jf?: string;
  label?: string;
}

/** Assembles the filter for this host's architecture (or `arch`); throws for a name it cannot place. */
export function compileInnerFilter(policy: InnerFilterPolicy, arch: string = process.arch): Buffer {
  if (!(arch in ARCHES)) throw new Error(`namespace isolation supports x64 and arm64, not ${arch}`);
  const a = ARCHES[arch as Arch];
  const nrOf = (name: string): number => {
    if (!(name in a.nr)) throw new Error(`inner filter: no syscall number for ${name} on ${arch}`);
    return a.nr[name as Syscall];
  };
  const prog: Insn[] = [
    { code: LD_W_ABS, k: OFF_ARCH },
    { code: JEQ_K, k: a.audit, jt: 'nr', jf: 'kill' },
    { code: RET_K, k: RET_KILL_PROCESS, label: 'kill' },
    { code: LD_W_ABS, k: OFF_NR, label: 'nr' },
  ];
  if (a.x32Bit) prog.push({ code: JGE_K, k: a.x32Bit, jt: 'deny', jf: 'next' });
  for (const name of policy.syscalls) prog.push({ code: JEQ_K, k: nrOf(name), jt: 'deny', jf: 'next' });
  if (policy.cloneNamespaceMask) prog.push({ code: JEQ_K, k: nrOf('clone'), jt: 'clone', jf: 'allow' });
  prog.push({ code: RET_K, k: RET_ALLOW, label: 'allow' });
  if (policy.cloneNamespaceMask) {
    prog.push({ code: LD_W_ABS, k: OFF_ARG0_LOW, label: 'clone' });
    prog.push({ code: JSET_K, k: policy.cloneNamespaceMask, jt: 'deny', jf: 'next' });
    prog.push({ code: RET_K, k: RET_ALLOW });
  }
  prog.push({ code: RET_K, k: RET_ERRNO | (policy.errno & 0xffff), label: 'deny' });
  return encode(prog);
}

function encode(prog: Insn[]): Buffer {
  const at = new Map(prog.flatMap((insn, i) => (insn.label ? [[insn.label, i] as const] : [])));
  const rel = (i: number, target: string | undefined): number => {
    if (target === undefined || target === 'next') return 0;
    const to = at.get(target);
    if (to === undefined || to <= i || to - i - 1 > 255)
      throw new Error(`inner filter: bad jump to ${target}`);
    return to - i - 1;
  };
  const out = Buffer.alloc(prog.length * 8);
  prog.forEach((insn, i) => {
    // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; } in host byte order (little-endian here).
    out.writeUInt16LE(insn.code, i * 8);
    out.writeUInt8(rel(i, insn.jt), i * 8 + 2);
    out.writeUInt8(rel(i, insn.jf), i * 8 + 3);
    out.writeUInt32LE(insn.k >>> 0, i * 8 + 4);
  });
  return out;
}

/** Reads seccomp/inner-filter.json (see seccomp/generate.mjs). */
export function loadInnerFilterPolicy(path: string): InnerFilterPolicy {
  const p = JSON.parse(readFileSync(path, 'utf8')) as Partial<InnerFilterPolicy>;
  if (!Number.isInteger(p.errno) || !Array.isArray(p.syscalls) || !Number.isInteger(p.cloneNamespaceMask)) {
    throw new Error(`${path}: not an inner filter policy (errno, syscalls, cloneNamespaceMask)`);
  }
  return p as InnerFilterPolicy;
}
