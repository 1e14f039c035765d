// The worker's boot CPU, builds compared alternately: node tools/boot-cpu.mjs DIST_A [DIST_B …] (default: dist).
// Each round starts every build's worker once, in turn, on one migrated bench database with an empty queue
// (Redis, a fresh prefix each start), preloaded with tools/boot-cpu.cjs; BOOT_CPU_ROUNDS (7). Prints each build's
// median CPU (ms) at node's start, when every module is loaded, and when the worker is ready.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { appNodeFlags } from './app-node-flags.mjs';
import { benchDatabase, root } from '../tests/bench/bench-kit.mjs';

const dists = process.argv.slice(2).length ? process.argv.slice(2) : ['dist'];
const rounds = Number(process.env.BOOT_CPU_ROUNDS ?? 7);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function boot(dist, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...appNodeFlags.worker, '-r', './tools/boot-cpu.cjs', `${dist}/apps/worker/main.js`],
      { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', () => {
      const line = stderr.split('\n').find((l) => l.startsWith('boot-cpu '));
      if (line) resolve(JSON.parse(line.slice('boot-cpu '.length)));
      else reject(new Error(stderr));
    });
  });
}

const database = await benchDatabase('boot');
const redis = new Redis(redisUrl);
const results = new Map(dists.map((d) => [d, []]));
process.stderr.write(`load ${loadavg()[0].toFixed(2)}\n`);
try {
  for (let i = 0; i < rounds; i++) {
    for (const dist of dists) {
      const prefix = `boot-cpu-${Date.now()}`;
      results
        .get(dist)
        .push(await boot(dist, { ...database.env, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix }));
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.unlink(...keys);
    }
  }
} finally {
  redis.disconnect();
  await database.drop();
}
process.stderr.write(`load ${loadavg()[0].toFixed(2)}\n`);
for (const [dist, runs] of results) {
  const pick = (k) => median(runs.map((r) => r[k]));
  console.log(
    JSON.stringify({
      dist,
      runs: runs.length,
      startMs: pick('startMs'),
      loadedMs: pick('loadedMs'),
      readyMs: pick('readyMs'),
      ready: runs.map((r) => r.readyMs),
    }),
  );
}
