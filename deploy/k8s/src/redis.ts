import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IService } from 'kubernetes-models/v1/Service';
import { labels, REDIS_PORT, type ManifestOptions } from './settings';

/**
 * Durable as docs/durability.md asks of any Redis: an append-only file fsynced every
 * second, no snapshots, `noeviction` (the API and workers refuse another policy).
 */
const REDIS_ARGS = [
  '--port',
  String(REDIS_PORT),
  '--bind',
  '0.0.0.0',
  '--protected-mode',
  'no',
  '--dir',
  '/data',
  '--appendonly',
  'yes',
  '--appendfsync',
  'everysec',
  '--save',
  '',
  '--maxmemory-policy',
  'noeviction',
];

export function redisStatefulSet(o: ManifestOptions): IStatefulSet {
  const ping = { exec: { command: ['redis-cli', '-p', String(REDIS_PORT), 'ping'] }, periodSeconds: 5 };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'redis', namespace: o.namespace, labels: labels('redis') },
    spec: {
      serviceName: 'redis',
      replicas: 1,
      selector: { matchLabels: labels('redis') },
      template: {
        metadata: { labels: labels('redis') },
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'redis',
              image: o.redisImage,
              imagePullPolicy: 'IfNotPresent',
              command: ['redis-server', ...REDIS_ARGS],
              ports: [{ name: 'redis', containerPort: REDIS_PORT }],
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
              livenessProbe: ping,
              readinessProbe: ping,
              securityContext: {
                runAsNonRoot: true,
                runAsUser: 999,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
          ],
          securityContext: { fsGroup: 999 },
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } },
        },
      ],
    },
  };
}

export function redisService(o: ManifestOptions): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'redis', namespace: o.namespace, labels: labels('redis') },
    spec: {
      selector: labels('redis'),
      ports: [{ name: 'redis', port: REDIS_PORT, targetPort: 'redis' }],
    },
  };
}
