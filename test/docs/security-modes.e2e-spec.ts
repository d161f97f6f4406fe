import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GVISOR_ALLOWANCE } from '@judgebox/domain';

const root = join(__dirname, '..', '..');
const doc = readFileSync(join(root, 'docs', 'security-modes.md'), 'utf8');

describe('docs/security-modes.md tells the truth', () => {
  it('has the syscall table generated from seccomp/policy.mjs', () => {
    // Exit 1 (and a thrown error here) when the table is stale.
    expect(() =>
      execFileSync('node', [join(root, 'seccomp', 'modes-table.mjs'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it("states gVisor's allowance as the code has it", () => {
    expect(doc).toContain(`\`GVISOR_ALLOWANCE.memoryMb\` (${GVISOR_ALLOWANCE.memoryMb} MiB)`);
    expect(doc).toContain(
      `(${GVISOR_ALLOWANCE.hostTasks} + ${GVISOR_ALLOWANCE.hostTasksPerProcess} per process)`,
    );
  });
});
