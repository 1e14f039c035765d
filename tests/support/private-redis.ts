import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './processes';

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

/** A redis-server of the test's own, for what must not touch the shared one: flushing, odd settings. */
export async function startPrivateRedis(extraArgs: string[] = []): Promise<PrivateRedis> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs],
    {
      stdio: 'ignore',
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => resolve());
  });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    const ok = await redis
      .connect()
      .then(() => redis.ping())
      .then(
        () => true,
        () => false,
      );
    redis.disconnect();
    if (ok) break;
    if (i > 100) throw new Error(`redis-server on ${port} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
