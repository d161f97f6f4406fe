import type { K8sObject } from './render';

/**
 * The model class of each apiVersion, from npm packages (kubernetes-models, @kubernetes-models/keda):
 * each validates an object against the JSON schema it was generated from (the Kubernetes OpenAPI
 * document, KEDA's CRDs). They are ES modules only, hence loaded with import() at run time.
 */
const MODULES: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1',
};

type ModelClass = new (data: object) => { validate(): void };

// A plain import() that TypeScript's CommonJS output would turn into require(), which cannot load these.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a fixed body, no input is evaluated
const importEsm = new Function('specifier', 'return import(specifier)') as (
  s: string,
) => Promise<Record<string, unknown>>;

/** Validates every object; resolves to one line per object, or rejects naming the first invalid one. */
export async function validateAll(objects: K8sObject[]): Promise<string[]> {
  const lines: string[] = [];
  for (const obj of objects) {
    const specifier = MODULES[obj.apiVersion];
    if (!specifier) throw new Error(`no schema package for ${obj.apiVersion}`);
    const Model = (await importEsm(specifier))[obj.kind] as ModelClass | undefined;
    if (!Model) throw new Error(`${specifier} has no ${obj.kind}`);
    try {
      new Model(obj).validate();
    } catch (err) {
      throw new Error(`${obj.kind}/${obj.metadata?.name ?? '?'}: ${(err as Error).message}`);
    }
    lines.push(`valid ${obj.apiVersion} ${obj.kind}/${obj.metadata?.name ?? '?'}`);
  }
  return lines;
}

/**
 * Objects the schemas must refuse, proving the validation bites (for each kind of mistake it
 * catches: a wrong type, a missing required field, KEDA's included). Unknown fields pass the
 * schemas; the generator's TypeScript types refuse those instead (excess property checks).
 */
export const MUST_FAIL: K8sObject[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'replicas-not-integer' },
    spec: { replicas: 'two', selector: {}, template: {} },
  },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'no-selector' }, spec: { template: {} } },
  {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'no-triggers' },
    spec: { scaleTargetRef: { name: 'worker' } },
  },
  {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'trigger-without-type' },
    spec: { scaleTargetRef: { name: 'worker' }, triggers: [{ metadata: {} }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'port-not-integer' },
    spec: { ports: [{ port: 'http' }] },
  },
];

/** Resolves to one line per refused sample; rejects if the schemas accept one. */
export async function proveRefusals(): Promise<string[]> {
  const lines: string[] = [];
  for (const obj of MUST_FAIL) {
    const refused = await validateAll([obj]).then(
      () => null,
      (err: Error) => err.message,
    );
    if (refused === null) throw new Error(`the schema accepted ${obj.kind}/${obj.metadata?.name ?? '?'}`);
    lines.push(`refused ${refused}`);
  }
  return lines;
}
