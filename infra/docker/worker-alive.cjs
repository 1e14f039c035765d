// Health check of the worker container (Docker HEALTHCHECK, Kubernetes liveness exec probe).
// The worker has no HTTP port, so this is a process check: healthy while a process that runs the
// worker bundle is alive (not a zombie, not stopped). It works whether the worker is PID 1 or runs
// under an init (compose `init: true`). See infra/README.md for a stronger check to add to the worker.
//
//   node worker-alive.cjs [entry]    entry defaults to dist/apps/worker/main.js; exit 0 healthy, 1 not
'use strict';
const { readdirSync, readFileSync } = require('node:fs');

const entry = process.argv[2] || 'dist/apps/worker/main.js';

function runsEntry(pid) {
  try {
    // Arguments are NUL-separated: match a whole argument, never this check's own command line.
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!args.some((arg) => arg === entry || arg.endsWith(`/${entry}`))) return false;
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\)\s+/, '')
      .charAt(0);
    return !['Z', 'T', 't', 'X', 'x'].includes(state);
  } catch {
    return false; // the process ended while we looked
  }
}

const alive = readdirSync('/proc')
  .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
  .some(runsEntry);
if (!alive) process.stderr.write(`worker-alive: no live process runs ${entry}\n`);
process.exit(alive ? 0 : 1);
