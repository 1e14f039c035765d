// Where a process allocates, young garbage included (node's --heap-prof keeps only what is still alive at exit).
// Preload it into an app: BENCH_NODE_ARGS="-r ./tools/allocation-sampler.cjs" (ALLOCATION_SAMPLE_DIR, default
// tmp/); at exit it writes <dir>/allocations-<pid>.heapprofile, which tools/allocation-summary.mjs summarises.
const inspector = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');

const session = new inspector.Session();
session.connect();
session.post('HeapProfiler.enable');
session.post('HeapProfiler.startSampling', {
  samplingInterval: 32_768,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
process.on('exit', () => {
  // The main thread's session answers synchronously, so the profile is written before the process goes.
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (error) return void process.stderr.write(`allocation sampler: ${error.message}\n`);
    const dir = process.env.ALLOCATION_SAMPLE_DIR ?? 'tmp';
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/allocations-${process.pid}.heapprofile`, JSON.stringify(result.profile));
  });
});
