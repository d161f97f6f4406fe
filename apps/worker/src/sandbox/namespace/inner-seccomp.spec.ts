import { join } from 'node:path';
import { compileInnerFilter, loadInnerFilterPolicy } from './inner-seccomp';

/** A classic-BPF interpreter for the few instructions the filter uses, over one seccomp_data. */
function evaluate(prog: Buffer, data: { nr: number; arch: number; arg0: number }): number {
  const word = (off: number): number =>
    off === 0 ? data.nr : off === 4 ? data.arch : off === 16 ? data.arg0 >>> 0 : NaN;
  let acc = 0;
  for (let pc = 0; pc < prog.length / 8; pc++) {
    const code = prog.readUInt16LE(pc * 8);
    const jt = prog.readUInt8(pc * 8 + 2);
    const jf = prog.readUInt8(pc * 8 + 3);
    const k = prog.readUInt32LE(pc * 8 + 4);
    if (code === 0x20) acc = word(k);
    else if (code === 0x06) return k;
    else if (code === 0x15) pc += acc === k ? jt : jf;
    else if (code === 0x35) pc += acc >>> 0 >= k ? jt : jf;
    else if (code === 0x45) pc += (acc & k) !== 0 ? jt : jf;
    else throw new Error(`unexpected opcode ${code}`);
  }
  throw new Error('fell off the end of the program');
}

const X64 = 0xc000003e;
const ALLOW = 0x7fff0000;
const EPERM = 0x00050001;
const policy = loadInnerFilterPolicy(join(__dirname, '../../../../../seccomp/inner-filter.json'));

describe('inner seccomp filter', () => {
  const prog = compileInnerFilter(policy, 'x64');
  const run = (nr: number, arg0 = 0, arch = X64): number => evaluate(prog, { nr, arch, arg0 });

  it('denies with EPERM exactly what the slot profile allows beyond the container profile', () => {
    expect(policy.syscalls).toEqual(expect.arrayContaining(['mount', 'unshare', 'pivot_root', 'umount2']));
    for (const nr of [165, 166, 155, 272]) expect(run(nr)).toBe(EPERM);
  });

  it('denies clone with any namespace flag and allows fork and threads', () => {
    const CLONE = 56;
    expect(run(CLONE, 0x10000000)).toBe(EPERM); // CLONE_NEWUSER
    expect(run(CLONE, 0x00020000)).toBe(EPERM); // CLONE_NEWNS
    expect(run(CLONE, 0x40000000 | 0x11)).toBe(EPERM); // CLONE_NEWNET with SIGCHLD
    expect(run(CLONE, 0x11)).toBe(ALLOW); // fork: SIGCHLD
    expect(run(CLONE, 0x3d0f00)).toBe(ALLOW); // pthread_create's flags
  });

  it('allows everything else, denies x32 numbers and kills a foreign architecture', () => {
    expect(run(0)).toBe(ALLOW); // read
    expect(run(59)).toBe(ALLOW); // execve
    expect(run(0x40000000 | 272)).toBe(EPERM);
    expect(run(0, 0, 0x40000003)).toBe(0x80000000); // i386
  });

  it('compiles for arm64 and refuses an architecture or a syscall it cannot place', () => {
    const arm = compileInnerFilter(policy, 'arm64');
    expect(evaluate(arm, { nr: 97, arch: 0xc00000b7, arg0: 0 })).toBe(EPERM); // unshare
    expect(evaluate(arm, { nr: 220, arch: 0xc00000b7, arg0: 0x11 })).toBe(ALLOW); // fork
    expect(() => compileInnerFilter(policy, 'ia32')).toThrow(/x64 and arm64/);
    expect(() => compileInnerFilter({ ...policy, syscalls: ['kexec_load'] }, 'x64')).toThrow(/kexec_load/);
  });
});
