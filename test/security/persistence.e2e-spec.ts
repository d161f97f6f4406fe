import {
  GRACE_MS,
  expectReports,
  lines,
  runCases,
  useSecuritySuite,
  type CaseContext,
  type HostileCase,
  type Result,
} from './support/hostile';
import { strayProcesses } from './support/host';

/** Hostile programs that try to outlive their run or leave something for the next submission. */

/** After a short delay no process of the sandbox uid may exist outside a live container. */
const nothingSurvives = async (): Promise<void> => {
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await strayProcesses()).toEqual([]);
};

const withinWall = (wallTimeMs: number, r: Result, ctx: CaseContext): void => {
  expect(r.run.wallTimeMs).toBeLessThan(wallTimeMs + GRACE_MS);
  expect(ctx.elapsedMs).toBeLessThan(wallTimeMs + 2 * GRACE_MS);
};

const CASES: HostileCase[] = [
  {
    name: 'a double-forked daemon that ignores SIGTERM: the result still comes, nothing survives',
    language: 'bash',
    source:
      '( trap "" TERM HUP INT; setsid bash -c \'trap "" TERM HUP INT; while :; do sleep 1; done\' </dev/null >/dev/null 2>&1 & ) \necho "started: yes"',
    limits: { wallTimeMs: 2_000 },
    expect: async (r, ctx) => {
      expectReports(r, { started: 'yes' });
      withinWall(2_000, r, ctx);
      await nothingSurvives();
    },
  },
  {
    name: 'a setsid daemon spinning on the CPU while the main process exits',
    language: 'python',
    source: [
      'import os, signal',
      'if os.fork() == 0:',
      '    os.setsid()',
      '    if os.fork() == 0:',
      '        for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT): signal.signal(s, signal.SIG_IGN)',
      '        while True: pass',
      '    os._exit(0)',
      'os.wait()',
      'print("parent: done")',
    ].join('\n'),
    limits: { wallTimeMs: 3_000, cpuTimeMs: 2_000 },
    expect: async (r, ctx) => {
      expect(lines(r)).toContain('parent: done');
      expect(['ok', 'time_limit_exceeded']).toContain(r.verdict);
      withinWall(3_000, r, ctx);
      await nothingSurvives();
    },
  },
  {
    name: 'a child that keeps stdout open does not hold the result',
    language: 'c',
    source: `#include <stdio.h>
#include <signal.h>
#include <unistd.h>
int main(void){ if (fork() == 0) { signal(SIGTERM, SIG_IGN); signal(SIGHUP, SIG_IGN); setsid(); for(;;) pause(); }
  puts("parent: done"); return 0; }`,
    limits: { wallTimeMs: 10_000 },
    expect: async (r, ctx) => {
      expectReports(r, { parent: 'done' });
      // released by the worker's exit watch, long before the wall limit
      expect(ctx.elapsedMs).toBeLessThan(10_000);
      await nothingSurvives();
    },
  },
  {
    name: 'a detached, unref’d child process is killed with the sandbox',
    language: 'javascript',
    source:
      "const cp = require('child_process').spawn('sleep', ['600'], { detached: true, stdio: 'ignore' }); cp.unref(); console.log('spawned: ' + (cp.pid > 0 ? 'yes' : 'no'));",
    expect: async (r) => {
      expectReports(r, { spawned: 'yes' });
      await nothingSurvives();
    },
  },
  {
    name: 'leaves files in /work, /tmp, /dev/shm, a SysV shared memory segment and a POSIX queue …',
    language: 'c',
    source: `#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <sys/shm.h>
int main(void){
  const char *paths[] = {"/work/left-behind", "/tmp/left-behind", "/dev/shm/left-behind"};
  for (int i = 0; i < 3; i++) { FILE *f = fopen(paths[i], "w"); if (f) { fputs("x", f); fclose(f); printf("wrote: %s\\n", paths[i]); } }
  int id = shmget(0x1badb002, 4096, IPC_CREAT | 0666); printf("shm: %s\\n", id >= 0 ? "created" : "failed");
  mqd_t q = mq_open("/left-behind", O_CREAT | O_RDWR, 0666, 0); printf("mq: %s\\n", q != (mqd_t)-1 ? "created" : "failed");
  return 0; }`,
    expect: (r) => {
      expect(r.verdict).toBe('ok');
      expect(lines(r)).toEqual([
        'wrote: /work/left-behind',
        'wrote: /tmp/left-behind',
        'wrote: /dev/shm/left-behind',
        'shm: created',
        'mq: created',
      ]);
    },
  },
  {
    name: '… and the next submission finds none of them',
    language: 'c',
    source: `#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/shm.h>
int main(void){
  const char *paths[] = {"/work/left-behind", "/tmp/left-behind", "/dev/shm/left-behind"};
  int found = 0; for (int i = 0; i < 3; i++) found += access(paths[i], F_OK) == 0;
  printf("files: %d\\n", found);
  printf("shm: %s\\n", shmget(0x1badb002, 0, 0) >= 0 ? "found" : "gone");
  printf("mq: %s\\n", mq_open("/left-behind", O_RDONLY) != (mqd_t)-1 ? "found" : "gone");
  return 0; }`,
    expect: (r) => expectReports(r, { files: '0', shm: 'gone', mq: 'gone' }),
  },
];

describe('security: persistence', () => {
  const suite = useSecuritySuite();
  runCases(suite, CASES);
});
