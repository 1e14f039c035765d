import 'reflect-metadata';
import { closeOnSignals } from '@kaizen/api/util-core';
import { loadConfigOrExit } from '@kaizen/shared/util-config';
import { createWorker } from './create-worker';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createWorker(config);
  closeOnSignals(app, config.SHUTDOWN_GRACE_MS, 'worker');
}

main().catch((error) => {
  process.stderr.write(`worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
