import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * deploy/k8s/*.yaml are rendered from typed code (deploy/k8s/src) and must be current; every
 * object, KEDA's ScaledObject included, is valid against its JSON schema from npm
 * (kubernetes-models, @kubernetes-models/keda), and the schemas refuse broken samples. The models
 * are ES modules, which jest's CommonJS runtime cannot load: the check runs as its own process.
 */
const ROOT = join(__dirname, '..', '..');

describe('Kubernetes manifests', () => {
  let stdout = '';

  beforeAll(async () => {
    const run = await promisify(execFile)(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'deploy/k8s/generate.ts',
        '--check',
      ],
      { cwd: ROOT },
    );
    stdout = run.stdout;
  }, 120_000);

  it('the committed YAML is what the code renders', () => {
    expect(stdout).toContain('deploy/k8s is current');
  });

  it.each([
    'v1 Namespace/judgebox',
    'v1 ConfigMap/judgebox-config',
    'apps/v1 Deployment/api',
    'v1 Service/api',
    'apps/v1 Deployment/worker',
    'policy/v1 PodDisruptionBudget/api',
    'policy/v1 PodDisruptionBudget/worker',
    'networking.k8s.io/v1 NetworkPolicy/api',
    'networking.k8s.io/v1 NetworkPolicy/worker',
    'networking.k8s.io/v1 NetworkPolicy/redis',
    'apps/v1 StatefulSet/redis',
    'v1 Service/redis',
    'keda.sh/v1alpha1 ScaledObject/worker',
  ])('validates %s against its schema', (object) => {
    expect(stdout).toContain(`valid ${object}`);
  });

  it('the schemas refuse broken objects (a wrong type, a missing field, KEDA too)', () => {
    expect(stdout).toMatch(/refused Deployment\/replicas-not-integer: .*must be integer/);
    expect(stdout).toMatch(/refused Deployment\/no-selector: .*selector/);
    expect(stdout).toMatch(/refused ScaledObject\/no-triggers: .*triggers/);
    expect(stdout).toMatch(/refused ScaledObject\/trigger-without-type: .*type/);
    expect(stdout).toMatch(/refused Service\/port-not-integer: /);
  });
});
