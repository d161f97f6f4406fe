import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IService } from 'kubernetes-models/v1/Service';
import { APP_DEFAULTS, labels, QUEUE_PREFIX, redisUrl, type ManifestOptions } from './settings';

const CONFIG = 'judgebox-config';
/** Created by the operator (never committed): `kubectl create secret generic judgebox-webhook --from-literal=secret=…`. */
const WEBHOOK_SECRET = 'judgebox-webhook';

export function namespace(o: ManifestOptions): INamespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: o.namespace, labels: labels('namespace') },
  };
}

/** Settings shared by the API and the workers; everything else keeps the defaults of config.ts. */
export function configMap(o: ManifestOptions): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CONFIG, namespace: o.namespace, labels: labels('config') },
    data: { REDIS_URL: redisUrl(o), QUEUE_PREFIX, LOG_LEVEL: 'info' },
  };
}

const fromConfig = { envFrom: [{ configMapRef: { name: CONFIG } }] };

const webhookSecret: IEnvVar = {
  name: 'WEBHOOK_SECRET',
  valueFrom: { secretKeyRef: { name: WEBHOOK_SECRET, key: 'secret', optional: true } },
};

function apiContainer(o: ManifestOptions): IContainer {
  const port = APP_DEFAULTS.PORT;
  return {
    name: 'api',
    image: o.appImage,
    imagePullPolicy: 'IfNotPresent',
    command: ['node', '-r', './scripts/register-paths.js', 'dist/apps/api/src/main.js'],
    ...fromConfig,
    env: [{ name: 'HOST', value: '0.0.0.0' }, { name: 'PORT', value: String(port) }, webhookSecret],
    ports: [{ name: 'http', containerPort: port }],
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    livenessProbe: { httpGet: { path: '/health/live', port: 'http' }, periodSeconds: 10 },
    // Ready once Redis answers and a worker with a working engine beats (apps/api/src/health).
    readinessProbe: { httpGet: { path: '/health/ready', port: 'http' }, periodSeconds: 5 },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
  };
}

/** The API: no engine access, any number of replicas (each also sends callbacks). */
export function apiDeployment(o: ManifestOptions): IDeployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: o.namespace, labels: labels('api') },
    spec: {
      replicas: o.apiReplicas,
      selector: { matchLabels: labels('api') },
      template: {
        metadata: { labels: labels('api') },
        spec: { automountServiceAccountToken: false, containers: [apiContainer(o)] },
      },
    },
  };
}

export function apiService(o: ManifestOptions): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api', namespace: o.namespace, labels: labels('api') },
    spec: { selector: labels('api'), ports: [{ name: 'http', port: APP_DEFAULTS.PORT, targetPort: 'http' }] },
  };
}

export { fromConfig, CONFIG };
