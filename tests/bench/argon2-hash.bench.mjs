// Time of one argon2id hash at the parameters the product uses (OWASP: m = 19 MiB, t = 2, p = 1).
// Prints one JSON line: {"figure", "value", "unit", "target"?}.
import { hash } from '@node-rs/argon2';

// The product's parameters (libs/api/data-access-auth/src/lib/password-hasher.ts); algorithm 2 is Argon2id.
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const runs = Number(process.env.BENCH_RUNS ?? 30);

await hash('warm-up password', options);
const times = [];
for (let i = 0; i < runs; i++) {
  const started = process.hrtime.bigint();
  await hash(`password number ${i}`, options);
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const p95 = times[Math.floor(times.length * 0.95)];
console.log(
  JSON.stringify({
    figure: 'argon2id hash, median',
    value: Number(median.toFixed(1)),
    unit: 'ms',
    detail: { runs, p95: Number(p95.toFixed(1)), min: Number(times[0].toFixed(1)) },
  }),
);
