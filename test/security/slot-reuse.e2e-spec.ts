import { cgroupOfPid } from '../../apps/worker/src/sandbox/cgroup';
import { LABEL_WORKER } from '../../apps/worker/src/sandbox/container-spec';
import { SlotKeeper } from '../../apps/worker/src/sandbox/namespace/slot-keeper';
import { SandboxPool } from '../../apps/worker/src/sandbox/sandbox-pool';
import { docker } from './support/host';
import { expectReports, GVISOR, NAMESPACE, reported, useSecuritySuite, type Result } from './support/hostile';

/**
 * Submission A plants everything it can think of; submission B, run next on the same sandbox (one
 * job at a time, one warm sandbox: under namespace isolation the same slot, which B proves by
 * seeing the same init), looks for each. Everything must be gone or reset. Under container
 * isolation B gets a new container, and the same checks hold trivially.
 */

const KEY = 0x4a42504c; // "JBPL"

/** Python with ctypes helpers shared by A and B: SysV IPC and POSIX message queues through libc. */
const PRELUDE = `
import ctypes, errno, os, socket, subprocess, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.mq_open.restype = ctypes.c_int
def init_start():
    return open("/proc/1/stat").read().rsplit(")", 1)[1].split()[19]
def err(ret):
    return "ok" if ret >= 0 else errno.errorcode[ctypes.get_errno()]
IPC_CREAT = 0o1000
`;

const PLANT = `${PRELUDE}
print("init:", init_start())
for d in ("/work", "/tmp", "/dev/shm"):
    open(f"{d}/planted", "w").write("A was here")
open("/work/.profile", "w").write("export PLANTED=1\\n")
# Locked directories (mode 000 over a file): rm alone cannot empty them.
for d in ("/work", "/tmp", "/dev/shm"):
    os.makedirs(f"{d}/locked/inner")
    open(f"{d}/locked/inner/planted", "w").write("A was here")
    os.chmod(f"{d}/locked/inner", 0)
    os.chmod(f"{d}/locked", 0)
# Links to what the slot's init sees under these names (its supervisor files, its /tmp, its root):
# cleaning must remove the links and follow none.
for d in ("/work", "/tmp"):
    for name, target in (("sup", "/tmp/.judgebox"), ("slot-tmp", "/tmp"), ("root", "/")):
        os.symlink(target, f"{d}/{name}")
print("shm:", err(libc.shmget(${KEY}, 4096, IPC_CREAT | 0o666)))
print("sem:", err(libc.semget(${KEY}, 1, IPC_CREAT | 0o666)))
print("msg:", err(libc.msgget(${KEY}, IPC_CREAT | 0o666)))
print("mq:", err(libc.mq_open(b"/jbplanted", os.O_CREAT | os.O_RDWR, 0o666, None)))
# A background process holding an abstract unix socket, detached from the run.
holder = "import socket, time\\ns = socket.socket(socket.AF_UNIX)\\ns.bind(b'\\\\0jbplanted')\\ns.listen(1)\\ntime.sleep(600)"
subprocess.Popen([sys.executable, "-c", holder], start_new_session=True,
                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
subprocess.Popen(["sleep", "600"], start_new_session=True,
                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.environ["PLANTED"] = "1"
big = bytearray(160 * 1024 * 1024)
for i in range(0, len(big), 4096):
    big[i] = 1
import time; time.sleep(0.3)
print("planted: yes")
`;

const LOOK = `${PRELUDE}
print("init:", init_start())
print("files:", ",".join(d for d in ("/work", "/tmp", "/dev/shm") if os.path.exists(f"{d}/planted")) or "none")
print("work:", ",".join(sorted(os.listdir("/work"))))
print("locked:", ",".join(d for d in ("/work", "/tmp", "/dev/shm") if os.path.lexists(f"{d}/locked")) or "none")
print("shm:", err(libc.shmget(${KEY}, 0, 0)))
print("sem:", err(libc.semget(${KEY}, 0, 0)))
print("msg:", err(libc.msgget(${KEY}, 0)))
print("mq:", err(libc.mq_open(b"/jbplanted", os.O_RDWR)))
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(b"\\0jbplanted"); print("socket: connected")
except OSError as e:
    print("socket:", errno.errorcode[e.errno])
mine = {os.getpid(), os.getppid(), 1}
others = []
for p in os.listdir("/proc"):
    if p.isdigit() and int(p) not in mine:
        try: others.append(open(f"/proc/{p}/comm").read().strip())
        except OSError: pass
print("processes:", ",".join(sorted(others)) or "none")
print("env-planted:", os.environ.get("PLANTED", "no"))
`;

describe('security: nothing of one submission reaches the next on the same sandbox', () => {
  const suite = useSecuritySuite({
    WORKER_CONCURRENCY: 1,
    SANDBOX_POOL: [
      { image: 'python', size: 1 },
      { image: '*', size: 0 },
    ],
  });
  const run = (source: string, memoryMb = 256): Promise<Result> =>
    suite.submit({ language: 'python', source, limits: { memoryMb, wallTimeMs: 5_000 } });
  /** Until the one warm python sandbox is idle (a used slot is cleaned after its answer is out). */
  const oneIdle = async (): Promise<void> => {
    await suite.worker.get(SlotKeeper).drain();
    const pool = suite.worker.get(SandboxPool);
    for (let i = 0; i < 100 && pool.counts()['judgebox/python:latest'] !== 1; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(pool.counts()).toEqual({ 'judgebox/python:latest': 1 });
  };

  it('python: files, SysV and POSIX IPC, an abstract socket, processes, environment and the memory peak', async () => {
    await run('print(1)');
    await oneIdle();
    const a = await run(PLANT);
    expectReports(a, { planted: 'yes', shm: 'ok', sem: 'ok', msg: 'ok', mq: 'ok' });
    expect(a.run.peakMemoryBytes).toBeGreaterThan(150 * 1024 * 1024);
    await oneIdle();
    const b = await run(LOOK);
    // The same init: B ran in A's slot (namespace isolation); a new container otherwise.
    if (NAMESPACE) expect(reported(b, 'init')).toBe(reported(a, 'init'));
    // Each gVisor sandbox is a new kernel whose clock starts with it: both inits started within a
    // few seconds of their own boot (in clock ticks), which a reused one would not have.
    else if (GVISOR) for (const r of [a, b]) expect(Number(reported(r, 'init'))).toBeLessThan(500);
    else expect(reported(b, 'init')).not.toBe(reported(a, 'init'));
    expectReports(b, {
      files: 'none',
      work: 'main.py',
      locked: 'none',
      shm: 'ENOENT',
      sem: 'ENOENT',
      msg: 'ENOENT',
      mq: 'ENOENT',
      socket: /^(ECONNREFUSED|ENOENT)$/,
      processes: 'none',
      'env-planted': 'no',
    });
    expect(b.run.peakMemoryBytes).toBeLessThan(64 * 1024 * 1024);
  });

  // Namespace isolation only: there an idle slot holds its next submission's first sandbox.
  (NAMESPACE ? it : it.skip)(
    'python: a held sandbox killed while its slot was idle is built again on request, and the program is not blamed',
    async () => {
      await oneIdle();
      const a = await run(`${PRELUDE}\nprint("init:", init_start())`);
      await oneIdle();
      const slots = await docker.listContainers({
        filters: { label: [`${LABEL_WORKER}=${suite.workerId}`], status: ['running'] },
      });
      expect(slots).toHaveLength(1);
      const pid = (await docker.getContainer(slots[0].Id).inspect()).State.Pid;
      const cgroup = await cgroupOfPid(pid);
      // The held sandbox: bubblewrap and jbwait inside it, killed from the host.
      expect((await cgroup.procs()).filter((p) => p !== pid).length).toBeGreaterThan(0);
      await cgroup.killAllExcept(pid);
      const b = await run(`${PRELUDE}\nprint("init:", init_start())\nprint("ran: yes")`);
      // Its verdict is the program's own, in the same slot (the same init): not a failure of the
      // dead sandbox, nor a slot thrown away.
      expectReports(b, { init: reported(a, 'init') ?? 'A reported no init', ran: 'yes' });
    },
  );

  // Under a queue the worker takes the next job before the last one's slot is back from cleaning:
  // that job waits for the slot (milliseconds) rather than creating a container (a lifecycle).
  (NAMESPACE ? it : it.skip)(
    'python: submissions queued behind the one slot all run on it, none on a new container',
    async () => {
      await oneIdle();
      const results = await Promise.all(
        Array.from({ length: 4 }, () => run(`${PRELUDE}\nprint("init:", init_start())`)),
      );
      const inits = new Set(results.map((r) => reported(r, 'init')));
      expect(inits.size).toBe(1);
      expect([...inits][0]).toBeDefined();
      await oneIdle();
    },
  );

  it('python: a slot whose submission was OOM-killed serves no one again', async () => {
    await oneIdle();
    const bomb = `${PRELUDE}\nprint("init:", init_start(), flush=True)\nopen("/tmp/oom-marker", "w").write("A")\nx = []\nwhile True: x.append(bytearray(1 << 20))`;
    const a = await run(bomb, 64);
    expect(a.verdict).toBe('memory_limit_exceeded');
    await oneIdle();
    const b = await run(
      `${PRELUDE}\nprint("init:", init_start())\nprint("marker:", "yes" if os.path.exists("/tmp/oom-marker") else "no")`,
    );
    expect(reported(b, 'init')).toBeDefined();
    // Every gVisor sandbox is a new kernel whose init starts a few ticks after its own boot, so a
    // fresh one can report the same tick as A's: there (container isolation, nothing cleaned
    // between uses) the file A left in its container's /tmp tells a reused sandbox instead.
    if (GVISOR) expect(reported(b, 'marker')).toBe('no');
    else expect(reported(b, 'init')).not.toBe(reported(a, 'init'));
  });
});
