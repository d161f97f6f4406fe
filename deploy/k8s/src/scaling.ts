import type { IScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { labels, redisAddress, WAIT_LIST, type ManifestOptions } from './settings';

/**
 * KEDA scales the workers on the length of BullMQ's wait list: `waitingPerWorker` jobs waiting per
 * replica. Scaling down sends SIGTERM, and a worker drains before it exits.
 */
export function workerScaledObject(o: ManifestOptions): IScaledObject {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'worker', namespace: o.namespace, labels: labels('worker') },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' },
      minReplicaCount: o.minWorkers,
      maxReplicaCount: o.maxWorkers,
      pollingInterval: 10,
      cooldownPeriod: 300,
      triggers: [
        {
          type: 'redis',
          metadata: {
            address: redisAddress(o),
            listName: WAIT_LIST,
            listLength: String(o.waitingPerWorker),
            activationListLength: '0',
          },
        },
      ],
    },
  };
}

/** Voluntary evictions (node drains, upgrades) keep one API up and take one worker at a time. */
export function disruptionBudgets(o: ManifestOptions): IPodDisruptionBudget[] {
  return [
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'api', namespace: o.namespace, labels: labels('api') },
      spec: { minAvailable: 1, selector: { matchLabels: labels('api') } },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'worker', namespace: o.namespace, labels: labels('worker') },
      spec: { maxUnavailable: 1, selector: { matchLabels: labels('worker') } },
    },
  ];
}
