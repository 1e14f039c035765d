// Time to compute every signal of a 1,000-point series (target ≤ 2 ms): run chart (Anhøj) and control chart
// (Making Data Count's rules) for a value measure (XmR), a proportion (p) and a rate (u′), through the same
// `analyseMeasure` the API and the web call. The library is bundled from its TypeScript source by vite first.
import { mkdirSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { workspaceAliases } from '../../tools/vite-node-app.config.mjs';
import { figure, loadFigure, log, percentile, root, round } from './bench-kit.mjs';

const points = Number(process.env.BENCH_POINTS ?? 1000);
const runs = Number(process.env.BENCH_RUNS ?? 500);
const outDir = `${root}/tmp/bench-measure-signals-${process.pid}`;
mkdirSync(outDir, { recursive: true });
await build({
  root,
  configFile: false,
  logLevel: 'warn',
  resolve: { alias: workspaceAliases() },
  build: {
    ssr: true,
    target: 'node20',
    outDir,
    emptyOutDir: true,
    minify: false,
    rollupOptions: {
      input: { measures: `${root}/libs/shared/domain-measures/src/index.ts` },
      output: { format: 'esm', entryFileNames: '[name].mjs' },
    },
  },
});
const { analyseMeasure } = await import(pathToFileURL(`${outDir}/measures.mjs`).href);
rmSync(outDir, { recursive: true, force: true });

// A deterministic series: a weekly process with a real change after the first quarter, so every rule has work to do.
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const periods = Array.from({ length: points }, (_, i) =>
  new Date(Date.UTC(2000, 0, 3 + 7 * i)).toISOString().slice(0, 10),
);
const shift = Math.floor(points / 4);
const plan = { baselineThrough: periods[Math.min(23, points - 1)], changes: [periods[shift]] };
const series = {
  'value (XmR)': [
    { name: 'wait', unit: 'min', direction: 'lower-is-better', kind: 'value' },
    periods.map((period, i) => ({ period, value: 30 + 6 * (random() - 0.5) - (i >= shift ? 3 : 0) })),
  ],
  'proportion (p)': [
    { name: 'on time', unit: '%', direction: 'higher-is-better', kind: 'proportion', multiplier: 100 },
    periods.map((period, i) => {
      const denominator = 80 + Math.floor(random() * 60);
      return {
        period,
        numerator: Math.round(denominator * (0.6 + 0.1 * (random() - 0.5) + (i >= shift ? 0.08 : 0))),
        denominator,
      };
    }),
  ],
  'rate (u′)': [
    {
      name: 'falls',
      unit: 'per 1,000 bed days',
      direction: 'lower-is-better',
      kind: 'rate',
      multiplier: 1000,
    },
    periods.map((period, i) => {
      const denominator = 600 + Math.floor(random() * 200);
      return {
        period,
        numerator: Math.round(denominator * (0.005 + 0.002 * random() - (i >= shift ? 0.0015 : 0))),
        denominator,
      };
    }),
    { laney: true },
  ],
};

loadFigure();
for (const [label, [measure, data, options]] of Object.entries(series)) {
  // The first call also works out Anhøj's crossings limit for this n (exact binomial, then cached per n).
  const coldStarted = process.hrtime.bigint();
  analyseMeasure(measure, data, plan, options);
  figure(
    `signals of a ${points}-point series, ${label}, first call`,
    round(Number(process.hrtime.bigint() - coldStarted) / 1e6, 3),
    'ms',
  );
  for (let i = 0; i < 50; i++) analyseMeasure(measure, data, plan, options); // warm-up: let the JIT settle
  const times = [];
  let signals = 0;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    signals = analyseMeasure(measure, data, plan, options).signals.length;
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const p50 = percentile(times, 0.5);
  const p95 = percentile(times, 0.95);
  log(
    `${label}: ${signals} signals in ${points} points; p50 ${p50.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms over ${runs} runs`,
  );
  // The median is the gated figure: on a shared 2-core machine the tail mostly measures other processes' time slices.
  figure(`signals of a ${points}-point series, ${label}, median`, round(p50, 3), 'ms', '≤ 2', p50 <= 2);
  figure(`signals of a ${points}-point series, ${label}, p95`, round(p95, 3), 'ms');
}
