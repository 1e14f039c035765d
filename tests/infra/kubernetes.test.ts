import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workspaceRoot } from '../support/processes';
import { parseManifests, validateManifestText, type ManifestDocument } from './support/kubernetes-schema';

const k8sDir = join(workspaceRoot, 'infra/k8s');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const manifestFiles = yamlFiles(k8sDir).filter((file) => !file.endsWith('kustomization.yaml'));
const kustomizationFiles = yamlFiles(k8sDir).filter((file) => file.endsWith('kustomization.yaml'));
const all: ManifestDocument[] = manifestFiles.flatMap((file) =>
  parseManifests(relative(workspaceRoot, file), readFileSync(file, 'utf8')),
);

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const objects = (kind: string): Obj[] =>
  all.filter((d) => d.object['kind'] === kind).map((d) => d.object as Obj);
const named = (kind: string, name: string): Obj => {
  const found = objects(kind).find((o) => o['metadata'].name === name);
  if (!found) throw new Error(`no ${kind} ${name} in infra/k8s`);
  return found;
};
const podSpecs = (): Array<{ owner: string; spec: Obj }> =>
  [...objects('Deployment'), ...objects('Job')].map((o) => ({
    owner: `${o['kind']}/${o['metadata'].name}`,
    spec: o['spec'].template.spec,
  }));
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe('Kubernetes manifests (infra/k8s) validate against the Kubernetes JSON schemas, offline', () => {
  it.each(manifestFiles.map((file) => relative(workspaceRoot, file)))('%s', (file) => {
    expect(validateManifestText(file, readFileSync(join(workspaceRoot, file), 'utf8'))).toEqual([]);
  });

  it('the validator rejects broken manifests: wrong types, missing fields, misspelt fields, removed APIs', () => {
    const file = 'tests/infra/fixtures/broken-manifests.yaml';
    const problems = validateManifestText(file, readFileSync(join(workspaceRoot, file), 'utf8'));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/#0 Deployment\/broken-types: \/spec\/replicas: type/),
        expect.stringMatching(
          /#0 Deployment\/broken-types: \/spec\/template\/spec\/containers\/0: required .*"name"/,
        ),
        expect.stringMatching(
          /#0 Deployment\/broken-types: \/spec\/template\/spec\/containers\/0\/resources\/limits\/memory: /,
        ),
        expect.stringMatching(/#1 Deployment\/broken-typos: \/spec\/replica: unknown field/),
        expect.stringMatching(
          /#1 Deployment\/broken-typos: \/spec\/template\/spec\/containers\/0\/readinessprobe: unknown field/,
        ),
        expect.stringMatching(
          /#2 Ingress\/broken-removed-api: no schema for apiVersion "extensions\/v1beta1"/,
        ),
        expect.stringMatching(
          /#3 HorizontalPodAutoscaler\/broken-hpa: \/spec\/targetCPUUtilizationPercentage: unknown field/,
        ),
      ]),
    );
    // Each broken document is caught, and nothing in them passes unnoticed.
    expect(new Set(problems.map((p) => /#(\d)/.exec(p)?.[1]))).toEqual(new Set(['0', '1', '2', '3']));
  });

  it('the kustomizations list files that exist, and leave out only the Secret template', () => {
    const listed = new Set<string>();
    for (const file of kustomizationFiles) {
      const kustomization = parse(readFileSync(file, 'utf8'));
      expect(kustomization.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
      expect(kustomization.kind).toBe('Kustomization');
      expect(kustomization.namespace).toBe('kaizen-loop');
      for (const resource of kustomization.resources as string[]) {
        const path = join(dirname(file), resource);
        expect(manifestFiles, `${relative(workspaceRoot, file)} lists ${resource}`).toContain(path);
        listed.add(path);
      }
    }
    const unlisted = manifestFiles.filter((file) => !listed.has(file)).map((file) => relative(k8sDir, file));
    expect(unlisted).toEqual(['secret.template.yaml']);
  });
});

describe('what the manifests promise', () => {
  it('probes: the API is ready on /api/health/ready and alive on /api/health; web and worker have theirs', () => {
    const api = named('Deployment', 'api')['spec'].template.spec.containers[0];
    expect(api.readinessProbe.httpGet).toEqual({ path: '/api/health/ready', port: 'http' });
    expect(api.livenessProbe.httpGet).toEqual({ path: '/api/health', port: 'http' });
    const web = named('Deployment', 'web')['spec'].template.spec.containers[0];
    expect(web.readinessProbe.httpGet.path).toBe('/healthz');
    expect(web.livenessProbe.httpGet.path).toBe('/healthz');
    const worker = named('Deployment', 'worker')['spec'].template.spec.containers[0];
    expect(worker.livenessProbe.exec.command).toEqual([
      'node',
      '/usr/local/lib/kaizen/worker-alive.cjs',
      'dist/apps/worker/main.js',
    ]);
  });

  it('every pod meets the restricted Pod Security Standard, read-only root filesystem included', () => {
    expect(named('Namespace', 'kaizen-loop')['metadata'].labels['pod-security.kubernetes.io/enforce']).toBe(
      'restricted',
    );
    for (const { owner, spec } of podSpecs()) {
      expect(spec.securityContext, owner).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(spec.securityContext.runAsUser, owner).toBeGreaterThan(0);
      expect(spec.automountServiceAccountToken, owner).toBe(false);
      for (const container of spec.containers) {
        expect(container.securityContext, `${owner} ${container.name}`).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
      }
    }
  });

  it('every container has CPU and memory requests and limits, and a pinned image', () => {
    for (const { owner, spec } of podSpecs()) {
      for (const container of spec.containers) {
        for (const kind of ['requests', 'limits']) {
          expect(
            Object.keys(container.resources?.[kind] ?? {}).sort(),
            `${owner} ${container.name} ${kind}`,
          ).toEqual(['cpu', 'memory']);
        }
        expect(container.image, owner).toMatch(/^kaizen-loop\/(api|worker|web):\d+\.\d+\.\d+$/);
      }
    }
  });

  it('Services, the Ingress, autoscalers and disruption budgets point at what exists', () => {
    const deployments = objects('Deployment');
    const podLabels = (d: Obj) => d['spec'].template.metadata.labels as Record<string, string>;
    for (const service of objects('Service')) {
      const targets = deployments.filter((d) => matches(service['spec'].selector, podLabels(d)));
      expect(targets.map((d) => d['metadata'].name)).toEqual([service['metadata'].name]);
      const portNames = targets[0]['spec'].template.spec.containers.flatMap((c: Obj) =>
        (c['ports'] ?? []).map((p: Obj) => p['name']),
      );
      for (const port of service['spec'].ports) expect(portNames).toContain(port.targetPort);
    }
    const paths = named('Ingress', 'kaizen-loop')['spec'].rules[0].http.paths as Obj[];
    expect(paths.map((p) => [p['path'], p['backend'].service.name])).toEqual([
      ['/api', 'api'],
      ['/', 'web'],
    ]);
    for (const path of paths) {
      const service = named('Service', path['backend'].service.name);
      expect(service['spec'].ports.map((p: Obj) => p['name'])).toContain(path['backend'].service.port.name);
    }
    const hpas = objects('HorizontalPodAutoscaler');
    expect(hpas.map((h) => h['spec'].scaleTargetRef.name).sort()).toEqual(['api', 'worker']);
    for (const hpa of hpas) {
      expect(hpa['apiVersion']).toBe('autoscaling/v2');
      expect(named('Deployment', hpa['spec'].scaleTargetRef.name)).toBeDefined();
      expect(hpa['spec'].minReplicas).toBeGreaterThanOrEqual(2);
    }
    for (const pdb of objects('PodDisruptionBudget')) {
      expect(deployments.filter((d) => matches(pdb['spec'].selector.matchLabels, podLabels(d)))).toHaveLength(
        1,
      );
    }
  });

  it('pods read only the ConfigMap and Secrets that are defined, and only the Job gets the owner', () => {
    const configMaps = new Set(objects('ConfigMap').map((c) => c['metadata'].name));
    const secretKeys = new Map(
      objects('Secret').map((s) => [s['metadata'].name, Object.keys(s['stringData'])]),
    );
    for (const { owner, spec } of podSpecs()) {
      for (const container of spec.containers) {
        for (const source of container.envFrom ?? []) {
          if (source.configMapRef) expect(configMaps, owner).toContain(source.configMapRef.name);
          if (source.secretRef) expect([...secretKeys.keys()], owner).toContain(source.secretRef.name);
        }
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.secretKeyRef;
          if (ref) expect(secretKeys.get(ref.name), owner).toContain(ref.key);
        }
        const usesMigrationSecret =
          (container.envFrom ?? []).some((s: Obj) => s['secretRef']?.name === 'kaizen-migration') ||
          (container.env ?? []).some((v: Obj) => v['valueFrom']?.secretKeyRef?.name === 'kaizen-migration');
        expect(usesMigrationSecret, owner).toBe(owner === 'Job/kaizen-migrate');
      }
    }
    expect(named('Job', 'kaizen-migrate')['spec'].template.spec.containers[0].command).toEqual([
      'node',
      '--enable-source-maps',
      'dist/apps/api/migrate.js',
    ]);
  });

  it('the Secret template holds placeholders only', () => {
    for (const secret of objects('Secret')) {
      for (const [key, value] of Object.entries(secret['stringData'] as Record<string, string>)) {
        expect(value, `${secret['metadata'].name}.${key}`).toContain('CHANGE_ME');
      }
      expect(secret['data'], 'base64 data hides what it holds').toBeUndefined();
    }
  });

  it('shutdown fits the grace period, and connection pools fit PostgreSQL', () => {
    const config = named('ConfigMap', 'kaizen-config')['data'] as Record<string, string>;
    for (const name of ['api', 'worker']) {
      const pod = named('Deployment', name)['spec'].template.spec;
      const preStop = Number(pod.containers[0].lifecycle?.preStop?.exec?.command?.[1] ?? 0);
      expect(pod.terminationGracePeriodSeconds * 1000, name).toBeGreaterThan(
        Number(config['SHUTDOWN_GRACE_MS']) + preStop * 1000,
      );
    }
    // At full scale, every process's pool must fit PostgreSQL's default max_connections (100), leaving
    // room for migrations, backups and an administrator. More needs PgBouncer: infra/scale-out.md.
    const maxPods = objects('HorizontalPodAutoscaler').reduce((sum, hpa) => sum + hpa['spec'].maxReplicas, 0);
    expect(maxPods * Number(config['DATABASE_POOL_SIZE'])).toBeLessThanOrEqual(90);
    expect(config['QUEUE_PREFIX']).toMatch(/^\{.+\}$/); // hash-tagged for Redis Cluster
    expect(config['MIGRATE_ON_START']).toBe('false');
  });

  it('everything lives in the kaizen-loop namespace', () => {
    for (const { file, object } of all) {
      if (object['kind'] !== 'Namespace')
        expect((object['metadata'] as Obj)['namespace'], file).toBe('kaizen-loop');
    }
  });
});
