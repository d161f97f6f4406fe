import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import { APP_DEFAULTS, labels, REDIS_PORT, type ManifestOptions } from './settings';

/** Address ranges no callback may reach (the same ranges as apps/api/src/callbacks/callback-address.ts). */
const PRIVATE_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
];

/** The cluster's DNS, to find Redis by its service name. */
const dns: INetworkPolicyEgressRule = {
  to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
};

function toRedis(o: ManifestOptions): INetworkPolicyEgressRule {
  const to =
    o.redis.kind === 'external'
      ? [{ ipBlock: { cidr: o.redis.cidr } }]
      : [{ podSelector: { matchLabels: labels('redis') } }];
  return {
    to,
    ports: [
      {
        protocol: 'TCP',
        port: o.redis.kind === 'external' ? Number(new URL(o.redis.url).port || REDIS_PORT) : REDIS_PORT,
      },
    ],
  };
}

const policy = (o: ManifestOptions, name: string, spec: INetworkPolicy['spec']): INetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: o.namespace, labels: labels(name) },
  spec,
});

/**
 * Workers reach Redis and nothing else (its name through the cluster DNS); nothing reaches them.
 * The engine socket is a file, not traffic: sandboxes themselves have no network at all.
 */
export function workerPolicy(o: ManifestOptions): INetworkPolicy {
  return policy(o, 'worker', {
    podSelector: { matchLabels: labels('worker') },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [],
    egress: [toRedis(o), dns],
  });
}

/** The API takes HTTP from anywhere; it reaches Redis, DNS, and public addresses (callbacks) only. */
export function apiPolicy(o: ManifestOptions): INetworkPolicy {
  return policy(o, 'api', {
    podSelector: { matchLabels: labels('api') },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ ports: [{ protocol: 'TCP', port: APP_DEFAULTS.PORT }] }],
    egress: [toRedis(o), dns, { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE_V4 } }] }],
  });
}

/** Redis answers the API and the workers only. */
export function redisPolicy(o: ManifestOptions): INetworkPolicy {
  return policy(o, 'redis', {
    podSelector: { matchLabels: labels('redis') },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [
          { podSelector: { matchLabels: labels('api') } },
          { podSelector: { matchLabels: labels('worker') } },
        ],
        ports: [{ protocol: 'TCP', port: REDIS_PORT }],
      },
    ],
    egress: [],
  });
}
