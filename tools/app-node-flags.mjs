// How Node runs each app: `npm start`, the benchmarks and the images (tests/infra checks the Dockerfiles) take
// their flags from here.
export const appNodeFlags = {
  // Semi-spaces of 32 MB, not V8's 16: a list page allocates about 200 kB while it waits on PostgreSQL, so with
  // ten requests in flight every young-generation collection copied and promoted about 2 MB. The larger young
  // generation collects a third as often (162 → 54 scavenges in one throughput run) and costs about 60 MB more
  // at most, well inside the pod's 512 MiB.
  api: ['--enable-source-maps', '--max-semi-space-size=32'],
  worker: ['--enable-source-maps'],
};
