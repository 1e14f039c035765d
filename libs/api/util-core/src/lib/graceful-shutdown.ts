import type { INestApplicationContext } from '@nestjs/common';

/**
 * On SIGTERM or SIGINT: stop taking work, let what is in flight finish, close connections, exit 0.
 * If that takes longer than the grace period, exit 1 rather than hang.
 */
export function closeOnSignals(app: INestApplicationContext, graceMs: number, name: string): void {
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`${name}: ${signal} received, finishing in-flight work (up to ${graceMs} ms)\n`);
    setTimeout(() => {
      process.stderr.write(`${name}: still busy after ${graceMs} ms, exiting anyway\n`);
      process.exit(1);
    }, graceMs).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${name}: error while closing: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}
