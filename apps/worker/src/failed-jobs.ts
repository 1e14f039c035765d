import 'reflect-metadata';
import { createQueueBackend } from '@kaizen/api/data-access-queue';
import { jobCatalog, type QueueName } from '@kaizen/shared/util-jobs';
import { loadConfigOrExit } from '@kaizen/shared/util-config';

/**
 * `node dist/apps/worker/failed-jobs.js`: for platform operators, what every queue holds and the
 * jobs that gave up, with why; `--retry <queue> <job-id>` sends one back. Prints JSON lines.
 * Failed jobs carry only ids (organisation, reminder, delivery), never tenant content.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const backend = createQueueBackend(config);
  const queues = (Object.keys(jobCatalog) as QueueName[]).map((name) => ({
    name,
    queue: backend.createQueue(name),
  }));
  try {
    const [flag, queueName, jobId] = process.argv.slice(2);
    if (flag === '--retry') {
      const target = queues.find((q) => q.name === queueName);
      const job = target && jobId ? await target.queue.getJob(jobId) : undefined;
      if (!job || !(await job.isFailed()))
        throw new Error(`no failed job ${jobId ?? '?'} on queue ${queueName ?? '?'}`);
      await job.retry('failed');
      process.stdout.write(`${JSON.stringify({ retried: `${queueName}/${jobId}` })}\n`);
      return;
    }
    for (const { name, queue } of queues) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
      process.stdout.write(`${JSON.stringify({ queue: name, ...counts })}\n`);
      for (const job of await queue.getFailed(0, 19)) {
        process.stdout.write(
          `${JSON.stringify({
            queue: name,
            job: job.name,
            id: job.id,
            attempts: job.attemptsMade,
            failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
            reason: job.failedReason,
            organisationId: (job.data as { organisationId?: string }).organisationId ?? null,
          })}\n`,
        );
      }
    }
  } finally {
    await Promise.all(queues.map(({ queue }) => queue.close()));
    await backend.close();
  }
}

main().catch((error) => {
  process.stderr.write(`failed-jobs: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
