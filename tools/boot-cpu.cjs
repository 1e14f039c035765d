// How much CPU an app's boot costs: preload it (node -r ./tools/boot-cpu.cjs dist/apps/worker/main.js). It writes
// one JSON line to stderr, `boot-cpu {"loadedMs":…,"readyMs":…}`: the process's CPU (user + system) when Nest
// starts building the app (every module of the bundle required) and when the worker's `init()` resolved; then
// exits, unless BOOT_CPU_STAY is set. tools/boot-cpu.mjs runs builds alternately with it.
const Module = require('node:module');

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 100) / 10;
};
const startMs = cpuMs();
const load = Module._load;
Module._load = function (request, ...rest) {
  const exported = load.call(this, request, ...rest);
  if (request !== '@nestjs/core') return exported;
  Module._load = load;
  const { NestFactory } = exported;
  const create = NestFactory.createApplicationContext.bind(NestFactory);
  NestFactory.createApplicationContext = async (...args) => {
    const loadedMs = cpuMs();
    const app = await create(...args);
    const init = app.init.bind(app);
    app.init = async () => {
      await init();
      const readyMs = cpuMs();
      process.stderr.write(`boot-cpu ${JSON.stringify({ startMs, loadedMs, readyMs })}\n`);
      if (!process.env.BOOT_CPU_STAY) process.exit(0);
      return app;
    };
    return app;
  };
  return exported;
};
