import 'reflect-metadata';
import { migrateDatabase } from '@kaizen/api/data-access-db';
import { loadConfigOrExit } from '@kaizen/shared/util-config';
import { createApi } from './create-api';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (config.MIGRATE_ON_START) await migrateDatabase(config.DATABASE_URL);
  const app = await createApi(config);
  // Nest closes the app on these signals: Fastify stops accepting, lets in-flight requests finish, then providers close.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), config.SHUTDOWN_GRACE_MS).unref());
  }
  await app.listen({ host: config.HOST, port: config.PORT });
  process.stdout.write(`${JSON.stringify({ level: 30, service: 'api', msg: `listening on ${await app.getUrl()}` })}\n`);
}

main().catch((error) => {
  process.stderr.write(`api: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
