import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Offline validation of Kubernetes manifests against the Kubernetes API's JSON schemas, as shipped
 * (compiled to validators by ajv) in the npm package kubernetes-models: nothing is downloaded.
 *
 * Like `kubeconform -strict`, a field the schema does not know is an error too: the Kubernetes API
 * schemas allow unknown fields, and the API server drops them with at most a warning, so a misspelt
 * `readinessprobe` would otherwise pass and quietly do nothing. The validators read every field they
 * know; we hand them the manifest behind proxies that record each read, and any field never read is unknown.
 */

const require = createRequire(import.meta.url);
const schemaDir = join(dirname(require.resolve('kubernetes-models')), '_schemas');

/** The API versions and kinds the manifests may use: current, GA versions only. */
const SCHEMAS: Record<string, string> = {
  'v1/Namespace': 'IoK8sApiCoreV1Namespace',
  'v1/ConfigMap': 'IoK8sApiCoreV1ConfigMap',
  'v1/Secret': 'IoK8sApiCoreV1Secret',
  'v1/Service': 'IoK8sApiCoreV1Service',
  'v1/ServiceAccount': 'IoK8sApiCoreV1ServiceAccount',
  'apps/v1/Deployment': 'IoK8sApiAppsV1Deployment',
  'apps/v1/StatefulSet': 'IoK8sApiAppsV1StatefulSet',
  'batch/v1/Job': 'IoK8sApiBatchV1Job',
  'batch/v1/CronJob': 'IoK8sApiBatchV1CronJob',
  'autoscaling/v2/HorizontalPodAutoscaler': 'IoK8sApiAutoscalingV2HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget': 'IoK8sApiPolicyV1PodDisruptionBudget',
  'networking.k8s.io/v1/Ingress': 'IoK8sApiNetworkingV1Ingress',
  'networking.k8s.io/v1/NetworkPolicy': 'IoK8sApiNetworkingV1NetworkPolicy',
};

interface ValidateFunction {
  (data: unknown): boolean;
  errors?: Array<{
    instancePath: string;
    message?: string;
    keyword: string;
    params: Record<string, unknown>;
  }> | null;
}

function validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
  const name = SCHEMAS[`${apiVersion}/${kind}`];
  return name ? (require(join(schemaDir, `${name}.js`)).validate as ValidateFunction) : undefined;
}

interface Tracked {
  path: string;
  value: Record<string, unknown>;
  read: Set<string>;
}

/** A copy of `value` whose objects record which of their properties were read. */
function track(value: unknown, seen: Tracked[], path: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item, i) => track(item, seen, `${path}/${i}`));
  const read = new Set<string>();
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) copy[key] = track(child, seen, `${path}/${key}`);
  seen.push({ path, value: copy, read });
  return new Proxy(copy, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
}

export interface ManifestDocument {
  file: string;
  index: number;
  object: Record<string, unknown>;
}

/** The problems of one Kubernetes object: schema violations and unknown fields. Empty when valid. */
export function validateKubernetesObject(object: Record<string, unknown>): string[] {
  const apiVersion = String(object['apiVersion'] ?? '');
  const kind = String(object['kind'] ?? '');
  const validate = validatorFor(apiVersion, kind);
  if (!validate)
    return [
      `no schema for apiVersion "${apiVersion}", kind "${kind}" (allowed: ${Object.keys(SCHEMAS).join(', ')})`,
    ];
  const seen: Tracked[] = [];
  const valid = validate(track(object, seen, ''));
  const problems = valid
    ? []
    : (validate.errors ?? []).map(
        (e) => `${e.instancePath || '/'}: ${e.keyword} ${JSON.stringify(e.params)}`,
      );
  const unknown: string[] = [];
  for (const { path, value, read } of seen) {
    for (const key of Object.keys(value)) if (!read.has(key)) unknown.push(`${path}/${key}`);
  }
  // Report an unknown field once, not again for each field inside it.
  const outermost = unknown.filter((path) => !unknown.some((other) => path.startsWith(`${other}/`)));
  return [...problems, ...outermost.map((path) => `${path}: unknown field`)];
}

/** Every YAML document of `text`, as objects; YAML syntax errors throw. */
export function parseManifests(file: string, text: string): ManifestDocument[] {
  return parseAllDocuments(text).flatMap((doc, index) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const object = doc.toJS() as Record<string, unknown> | null;
    return object ? [{ file, index, object }] : [];
  });
}

/** Problems of every document of a manifest file, prefixed with where they are. */
export function validateManifestText(file: string, text: string): string[] {
  return parseManifests(file, text).flatMap(({ index, object }) => {
    const name = `${file}#${index} ${String(object['kind'])}/${String((object['metadata'] as { name?: string } | undefined)?.name)}`;
    return validateKubernetesObject(object).map((problem) => `${name}: ${problem}`);
  });
}
