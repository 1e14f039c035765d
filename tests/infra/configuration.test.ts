import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { configSchema } from '@kaizen/shared/util-config';
import { workspaceRoot } from '../support/processes';
import { requireProgram } from './support/tools';

/** The variables of the README's "Configuration" table: what an operator can look up. */
function documentedVariables(): Set<string> {
  const readme = readFileSync(join(workspaceRoot, 'README.md'), 'utf8');
  const section = readme.split(/^## Configuration\s*$/m)[1]?.split(/^## /m)[0] ?? '';
  return new Set([...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]));
}

const read = (path: string) => readFileSync(join(workspaceRoot, path), 'utf8');

/** Every variable the deployment files hand to the API, the worker and the migrations. */
function deploymentVariables(): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const compose = parse(read('infra/docker-compose.yml'), { merge: true });
  for (const service of ['migrate', 'api', 'worker']) {
    for (const name of Object.keys(compose.services[service].environment))
      found.push([`docker-compose ${service}`, name]);
  }
  for (const file of [
    'infra/k8s/configmap.yaml',
    'infra/k8s/secret.template.yaml',
    'infra/k8s/migrate/job.yaml',
    'infra/k8s/api.yaml',
    'infra/k8s/worker.yaml',
  ]) {
    for (const doc of parseAllDocuments(read(file))) {
      const object = doc.toJS();
      for (const name of Object.keys(object?.data ?? object?.stringData ?? {})) found.push([file, name]);
      for (const container of object?.spec?.template?.spec?.containers ?? []) {
        for (const variable of container.env ?? []) found.push([file, variable.name]);
      }
    }
  }
  return found;
}

describe('deployment configuration', () => {
  it('sets only variables the README documents and the apps read', () => {
    const documented = documentedVariables();
    const known = new Set(Object.keys(configSchema.shape));
    expect(documented.size).toBeGreaterThan(15);
    const found = deploymentVariables();
    expect(found.length).toBeGreaterThan(30);
    const undocumented = found.filter(([, name]) => !documented.has(name) || !known.has(name));
    expect(undocumented).toEqual([]);
  });

  it('would catch an undocumented variable', () => {
    const documented = documentedVariables();
    expect(documented.has('DATABASE_URL')).toBe(true);
    expect(documented.has('KAIZEN_DB_PASSWORD')).toBe(false); // PostgreSQL container's own, not the apps'
  });

  it('missing tools fail the deployment checks instead of skipping them', () => {
    const path = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      expect(() => requireProgram('docker-compose', 'apt-get install -y docker-compose')).toThrow(
        /docker-compose is not installed.*apt-get install -y docker-compose/,
      );
    } finally {
      process.env['PATH'] = path;
    }
  });
});
