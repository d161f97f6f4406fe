import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { fromConfig } from './app';
import {
  APP_DEFAULTS,
  labels,
  WORKER_GRACE_SECONDS,
  WORKER_NODE_LABEL,
  workerMemoryLimitMi,
  type ManifestOptions,
} from './settings';

/**
 * The worker's health listens on the pod's loopback only (WORKER_HEALTH_PORT), so the kubelet
 * asks through an exec probe, with the Node.js of the image.
 */
function healthProbe(path: string, periodSeconds: number): IProbe {
  const url = `http://127.0.0.1:${APP_DEFAULTS.WORKER_HEALTH_PORT}${path}`;
  const script = `require('http').get('${url}',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))`;
  return { exec: { command: ['node', '-e', script] }, periodSeconds, timeoutSeconds: 5 };
}

function workerContainer(o: ManifestOptions): IContainer {
  return {
    name: 'worker',
    image: o.appImage,
    imagePullPolicy: 'IfNotPresent',
    command: ['node', '-r', './scripts/register-paths.js', 'dist/apps/worker/src/main.js'],
    ...fromConfig,
    env: [{ name: 'WORKER_CONCURRENCY', value: String(o.workerConcurrency) }],
    // The process only: sandboxes are containers of the node's engine, accounted there.
    resources: {
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '1', memory: `${workerMemoryLimitMi(o.workerConcurrency)}Mi` },
    },
    livenessProbe: healthProbe('/health/live', 10),
    // Turns false first on SIGTERM, while the running jobs finish (docs/deploy.md, "Drain").
    readinessProbe: healthProbe('/health/ready', 5),
    // Root of the host (not remapped) as in docker-compose.yml: it writes the sandboxes' cgroup files.
    securityContext: { runAsUser: 0, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
    volumeMounts: [
      { name: 'docker-socket', mountPath: '/var/run/docker.sock' },
      { name: 'cgroup', mountPath: '/sys/fs/cgroup' },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
}

/**
 * Workers: a Deployment (KEDA scales it on the queue), only on nodes labelled as having a Docker
 * engine with userns-remap and the sandbox images; with the host's PID namespace and cgroup tree
 * to read each sandbox's cgroup, as docker-compose.yml runs it.
 */
export function workerDeployment(o: ManifestOptions): IDeployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'worker', namespace: o.namespace, labels: labels('worker') },
    spec: {
      replicas: o.minWorkers,
      selector: { matchLabels: labels('worker') },
      template: {
        metadata: { labels: labels('worker') },
        spec: {
          nodeSelector: { [WORKER_NODE_LABEL]: 'true' },
          hostPID: true,
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: WORKER_GRACE_SECONDS,
          containers: [workerContainer(o)],
          volumes: [
            { name: 'docker-socket', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } },
            { name: 'cgroup', hostPath: { path: '/sys/fs/cgroup', type: 'Directory' } },
            { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
          ],
        },
      },
    },
  };
}
