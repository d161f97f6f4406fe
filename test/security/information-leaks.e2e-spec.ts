import { randomBytes } from 'node:crypto';
import {
  expectReports,
  GVISOR,
  lines,
  NAMESPACE,
  reported,
  runCases,
  useSecuritySuite,
  type HostileCase,
} from './support/hostile';
import { runscSandboxUids, sandboxHostUid } from './support/host';

/** Hostile programs that look for secrets of the host, the worker or other submissions. */

// A secret in the worker's own environment: it must never reach a sandbox.
const CANARY = `canary-${randomBytes(12).toString('hex')}`;
process.env.JUDGEBOX_CANARY = CANARY;

const noCanary = (r: { run: { stdout: string; stderr: string } }): void => {
  expect(r.run.stdout).not.toContain(CANARY);
  expect(r.run.stderr).not.toContain(CANARY);
};

const CASES: HostileCase[] = [
  {
    name: "the worker's environment is not the sandbox's: exactly the fixed variables",
    language: 'python',
    source: 'import os\nprint("env:", ",".join(sorted(os.environ)))',
    expect: (r) => {
      noCanary(r);
      // PWD/SHLVL never appear: no shell runs the program
      // bubblewrap sets PWD (/work) when it enters the work dir.
      expectReports(r, {
        env: NAMESPACE ? 'HOME,HOSTNAME,LANG,PATH,PWD,TMPDIR' : 'HOME,HOSTNAME,LANG,PATH,TMPDIR',
      });
    },
  },
  {
    name: 'the canary is in no process environment or readable file of the sandbox',
    language: 'bash',
    source: [
      'env; cat /proc/[0-9]*/environ /proc/[0-9]*/cmdline 2>/dev/null | tr "\\0" "\\n"',
      'grep -rsIl "JUDGEBOX_CANARY" / --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev 2>/dev/null | head',
      'echo "done: yes"',
    ].join('\n'),
    limits: { wallTimeMs: 20_000, cpuTimeMs: 15_000 },
    expect: (r) => {
      noCanary(r);
      expect(r.run.stdout).not.toContain('JUDGEBOX_CANARY');
      expect(reported(r, 'done')).toBe('yes');
    },
  },
  {
    name: 'the environment of PID 1 (jbinit) holds no secret either',
    language: 'javascript',
    source:
      "let env; try { env = require('fs').readFileSync('/proc/1/environ', 'utf8').split('\\0').filter(Boolean).map((v) => v.split('=')[0]).sort().join(','); } catch (e) { env = e.code; }\nconsole.log('pid1-env: ' + env);",
    expect: (r) => {
      noCanary(r);
      // jbinit is non-dumpable: its environment is closed to the program (EACCES); were it open, it
      // would hold only the fixed variables
      expectReports(r, { 'pid1-env': /^(EACCES|(HOME,)?(HOSTNAME,)?(LANG,)?PATH(,TMPDIR)?)$/ });
    },
  },
  {
    name: 'the hostname is "sandbox"',
    language: 'python',
    source:
      'import socket, os\nprint("hostname:", socket.gethostname())\nprint("uname:", os.uname().nodename)',
    expect: (r) => expectReports(r, { hostname: 'sandbox', uname: 'sandbox' }),
  },
  {
    name: 'no other process is visible: only jbinit and its own',
    language: 'python',
    source: [
      'import os',
      'me = os.getpid()',
      'procs = {int(p): open(f"/proc/{p}/comm").read().strip() for p in os.listdir("/proc") if p.isdigit()}',
      'print("pid1:", procs.pop(1))',
      'procs.pop(me, None)',
      'print("others:", ",".join(sorted(procs.values())) or "none")',
    ].join('\n'),
    // Namespace isolation: the program's parent, bubblewrap's monitor, is the one other process.
    expect: (r) => expectReports(r, { pid1: 'jbinit', others: NAMESPACE ? 'bwrap' : 'none' }),
  },
  {
    name: 'one submission writes a secret into /work, /tmp and /dev/shm …',
    language: 'bash',
    source:
      'for d in /work /tmp /dev/shm; do echo s3cret > $d/secret-of-another-user && echo "wrote: $d"; done',
    expect: (r) => expect(lines(r)).toEqual(['wrote: /work', 'wrote: /tmp', 'wrote: /dev/shm']),
  },
  {
    name: '… and the next one does not find it anywhere',
    language: 'bash',
    source: 'found=$(find / -name "secret-of-another-user" 2>/dev/null | wc -l); echo "found: $found"',
    limits: { wallTimeMs: 20_000, cpuTimeMs: 15_000 },
    expect: (r) => expectReports(r, { found: '0' }),
  },
  {
    name: "mountinfo shows no host path but the engine's own per-container ones",
    language: 'python',
    source: [
      'import re',
      'roots, opts = [], []',
      'for l in open("/proc/self/mountinfo"):',
      '    pre, post = l.split(" - ")',
      '    roots.append(pre.split()[3]); opts.append(post.split()[2])',
      'paths = set(p for p in roots if p != "/") | set(re.findall(r"(?:dir|lowerdir)=([^,]+)", ",".join(opts)))',
      'print("host-paths:", len(paths))',
      // `/jb-N`: the submission's dir in the slot's /work, bound as /work (namespace isolation).
      'print("outside-engine:", ",".join(p for p in paths if not re.match(r"^(/var/lib/docker/|/dev/|/null$|/kmsg$|/[a-z]+$|l/|/jb-[0-9]+$)", p)) or "none")',
      'text = open("/proc/self/mountinfo").read()',
      'print("names-repo:", "yes" if "/work/main" in text or "docker.sock" in text or "/home/" in text or "/root/" in text else "no")',
    ].join('\n'),
    expect: (r) => expectReports(r, { 'host-paths': /^\d+$/, 'outside-engine': 'none', 'names-repo': 'no' }),
  },
  {
    name: 'uid 0 of the sandbox is not host uid 0 (user namespace), and the program runs as 1000',
    language: 'bash',
    source: 'echo "map: $(tr -s " " < /proc/self/uid_map | sed "s/^ //")"\necho "id: $(id -u):$(id -g)"',
    expect: (r) => {
      expect(r.verdict).toBe('ok');
      if (GVISOR) {
        // gVisor's own user namespace, seen from inside, is the identity map; on the host its
        // kernel (runsc-sandbox) runs as neither root nor the sandbox uid (checked here and by the
        // preflight), and the container's root is dockremap's first subuid (the gofer).
        expect(reported(r, 'map')).toBe('0 0 4294967295');
        expect(reported(r, 'id')).toBe('1000:1000');
        const sentries = runscSandboxUids();
        expect(sentries.length).toBeGreaterThan(0);
        for (const uid of sentries) expect([0, 1000, sandboxHostUid()]).not.toContain(uid);
        return;
      }
      if (NAMESPACE) {
        // The program's own user namespace maps its uid alone (bubblewrap nests two: the outer maps
        // 0 onto the slot's 1000, the inner 1000 onto that 0); the slot's namespace (the
        // container's) maps as in container isolation, which the other mode proves.
        expect(reported(r, 'map')).toMatch(/^1000 \d+ 1$/);
        expect(reported(r, 'id')).toBe('1000:1000');
        return;
      }
      const [inside, host] = (reported(r, 'map') ?? '').split(' ').map(Number);
      expect(inside).toBe(0);
      expect(host).toBe(sandboxHostUid() - 1000);
      expect(host).toBeGreaterThan(0);
      expect(reported(r, 'id')).toBe('1000:1000');
    },
  },
  {
    name: 'the cgroup limits and the host cgroup tree are not writable',
    language: 'bash',
    source: [
      'echo $((1<<40)) > /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null && echo "memory: raised" || echo "memory: refused"',
      'echo max > /sys/fs/cgroup/pids/pids.max 2>/dev/null && echo "pids: raised" || echo "pids: refused"',
      'echo "cgroup-path: $(awk -F: \'$2=="memory"{print $3}\' /proc/self/cgroup)"',
    ].join('\n'),
    // gVisor's /proc/self/cgroup has no memory line: the program is in no cgroup of the host's.
    expect: (r) => expectReports(r, { memory: 'refused', pids: 'refused', 'cgroup-path': GVISOR ? '' : '/' }),
  },
];

describe('security: information leaks', () => {
  const suite = useSecuritySuite();
  runCases(suite, CASES);
});
