import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workspaceRoot } from '../support/processes';
import { requireProgram, run } from './support/tools';

const composeFile = join(workspaceRoot, 'infra/docker-compose.yml');

/** Dummy values for the secrets compose requires; the check is that the file parses, not that they are real. */
const requiredSecrets = {
  POSTGRES_PASSWORD: 'dummy-superuser',
  KAIZEN_DB_OWNER_PASSWORD: 'dummy-owner',
  KAIZEN_DB_PASSWORD: 'dummy-login',
  REDIS_PASSWORD: 'dummy-redis',
  AUTH_SECRET: 'dummy-auth-secret-of-at-least-32-characters',
  SMTP_URL: 'smtp://mail.example.internal:25',
};

// An empty env file: a developer's own infra/.env must not decide what this test sees.
const scratch = mkdtempSync(join(tmpdir(), 'kaizen-compose-'));
const emptyEnvFile = join(scratch, 'empty.env');
writeFileSync(emptyEnvFile, '');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function composeConfig(env: Record<string, string>) {
  const dockerCompose = requireProgram(
    'docker-compose',
    'apt-get install -y docker-compose (compose 1.29 parses files without a Docker engine)',
  );
  // Only PATH from outside: a variable set in the developer's shell must not fill a gap in the test.
  return run(dockerCompose, ['--env-file', emptyEnvFile, '-f', composeFile, 'config'], {
    env: { PATH: process.env['PATH'], ...env },
  });
}

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: unknown[];
  restart?: string;
}

const envOf = (service: Service): Record<string, string> => service.environment ?? {};

describe('infra/docker-compose.yml', () => {
  it('parses (docker-compose config exits 0) with the required secrets supplied', () => {
    const result = composeConfig(requiredSecrets);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.each(Object.keys(requiredSecrets))('refuses to start without %s, naming it', (name) => {
    const env: Record<string, string> = { ...requiredSecrets };
    delete env[name];
    const result = composeConfig(env);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(name);
  });

  describe('as resolved by compose', () => {
    let resolved: Record<string, Service> | undefined;
    const services = () =>
      (resolved ??= parse(composeConfig(requiredSecrets).stdout).services as Record<string, Service>);

    it('runs PostgreSQL 16 or later, with the init script that creates the owner and the application login', () => {
      const { postgres } = services();
      expect(Number(/^postgres:(\d+)/.exec(postgres.image ?? '')?.[1])).toBeGreaterThanOrEqual(16);
      expect(JSON.stringify(postgres)).toContain('/docker-entrypoint-initdb.d:ro');
      expect(postgres.healthcheck?.test.join(' ')).toContain('pg_isready -h 127.0.0.1');
      const init = readFileSync(join(workspaceRoot, 'infra/postgres/initdb/10-kaizen-roles.sh'), 'utf8');
      expect(init).toMatch(
        /CREATE ROLE :"app" LOGIN PASSWORD :'app_password' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE/,
      );
      expect(init).toMatch(
        /CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password' NOSUPERUSER NOBYPASSRLS NOCREATEDB CREATEROLE/,
      );
    });

    it('runs Redis 7 with AOF persistence and noeviction', () => {
      const { redis } = services();
      expect(redis.image).toMatch(/^redis:7\./);
      const command = (redis.command ?? []).join(' ');
      expect(command).toContain('--appendonly yes');
      expect(command).toContain('--maxmemory-policy noeviction');
      expect(redis.healthcheck).toBeDefined();
    });

    it('migrates once, as the schema owner, before the API and the worker start', () => {
      const { migrate, api, worker } = services();
      expect(migrate.command).toEqual(['node', '--enable-source-maps', 'dist/apps/api/migrate.js']);
      expect(migrate.image).toBe(api.image);
      expect(migrate.restart).toBe('no');
      const owner = new URL(envOf(migrate)['DATABASE_MIGRATION_URL']);
      const login = new URL(envOf(migrate)['DATABASE_URL']);
      expect(owner.username).toBe('kaizen_owner');
      expect(login.username).toBe('kaizen_login');
      for (const service of [api, worker]) {
        expect(service.depends_on?.['migrate']).toEqual({ condition: 'service_completed_successfully' });
        expect(service.depends_on?.['postgres']).toEqual({ condition: 'service_healthy' });
        expect(service.depends_on?.['redis']).toEqual({ condition: 'service_healthy' });
      }
    });

    it('gives the API and the worker the application login only, never the owner', () => {
      const { api, worker } = services();
      for (const service of [api, worker]) {
        const env = envOf(service);
        expect(new URL(env['DATABASE_URL']).username).toBe('kaizen_login');
        expect(env['DATABASE_MIGRATION_URL']).toBeUndefined();
        expect(env['REDIS_URL']).toMatch(/^redis:\/\/:[^@]+@redis:6379$/);
        expect(env['AUTH_SECRET']).toBe(requiredSecrets.AUTH_SECRET);
      }
      expect(envOf(api)['MIGRATE_ON_START']).toBe('false');
      expect(envOf(api)['HOST']).toBe('0.0.0.0');
      expect(api.healthcheck?.test.join(' ')).toContain('/api/health/ready');
    });

    it('publishes only the web app, which waits for a healthy API', () => {
      const all = services();
      expect(
        Object.entries(all)
          .filter(([, s]) => s.ports)
          .map(([name]) => name),
      ).toEqual(['web']);
      expect(all['web'].depends_on?.['api']).toEqual({ condition: 'service_healthy' });
      expect(all['web'].environment?.['API_UPSTREAM']).toBe('api:3000');
      for (const name of ['api', 'worker', 'web'])
        expect(all[name].build?.dockerfile).toBe(`infra/docker/${name}.Dockerfile`);
    });
  });

  it('keeps every secret out of the file: each is a required ${VAR:?} from the environment', () => {
    const raw = readFileSync(composeFile, 'utf8');
    // Every password or secret, and every URL with credentials, is substituted, never written out.
    for (const line of raw
      .split('\n')
      .filter((l) => /(PASSWORD|SECRET|requirepass)/.test(l) && !l.trim().startsWith('#'))) {
      if (/:\s*\S/.test(line) && !/\$\{/.test(line)) {
        throw new Error(`a literal secret in docker-compose.yml: ${line.trim()}`);
      }
    }
    for (const url of raw.match(/\w+:\/\/[^\s'"]*@/g) ?? []) expect(url).toMatch(/\$\{/);
    for (const name of Object.keys(requiredSecrets)) expect(raw).toContain(`\${${name}:?`);
  });
});
