import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { Gauge, Histogram, Registry } from 'prom-client';
import { JobProducer } from '@kaizen/api/data-access-queue';
import { APP_CONFIG, CLOCK, type Clock } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { jobCatalog, type QueueName } from '@kaizen/shared/util-jobs';
import { OutboxBacklogReader } from './outbox-backlog';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** Fastify as far as this service uses it. */
interface MetricsHttp {
  get(
    path: string,
    handler: (
      request: { headers: Record<string, string | string[] | undefined> },
      reply: MetricsReply,
    ) => Promise<unknown>,
  ): void;
  addHook(
    name: 'onResponse',
    hook: (
      request: TimedRequest,
      reply: { statusCode: number; elapsedTime: number },
      done: () => void,
    ) => void,
  ): void;
}
interface MetricsReply {
  code(status: number): MetricsReply;
  header(name: string, value: string): MetricsReply;
  send(body: string): unknown;
}
interface TimedRequest {
  method: string;
  routeOptions?: { url?: string };
}

/**
 * `GET /metrics` in Prometheus text for operators, behind `Authorization: Bearer $METRICS_TOKEN` (off
 * without it): jobs per queue and state, the outbox's oldest due row and its rows per channel and status,
 * and the duration of HTTP requests per route. Each app has its own registry.
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();
  private readonly requests = new Histogram({
    name: 'kaizen_http_request_duration_seconds',
    help: 'Duration of HTTP requests, per route (its pattern, not its path) and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(
    private readonly producer: JobProducer,
    private readonly backlog: OutboxBacklogReader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly http?: HttpAdapterHost,
  ) {
    const queues = (name: QueueName) => this.producer.queue(name);
    new Gauge({
      name: 'kaizen_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const queue of Object.keys(jobCatalog) as QueueName[]) {
          const counts = await queues(queue).getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
    const read = () => this.backlog.recent(this.clock.now());
    const now = () => this.clock.now().getTime();
    new Gauge({
      name: 'kaizen_outbox_oldest_pending_seconds',
      help: 'How long the longest-waiting outbox row that is due has waited (0 when none waits)',
      registers: [this.registry],
      async collect() {
        const { oldestDueAt } = await read();
        this.set(oldestDueAt ? Math.max(0, (now() - oldestDueAt.getTime()) / 1_000) : 0);
      },
    });
    new Gauge({
      name: 'kaizen_outbox_rows',
      help: 'Outbox rows per channel (notification-email, mail, webhook) and status: delivered is sent, failed gave up',
      labelNames: ['channel', 'status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of (await read()).rows)
          this.set({ channel: row.channel, status: row.status }, row.count);
      },
    });
  }

  onModuleInit(): void {
    const fastify = this.http?.httpAdapter?.getInstance?.() as MetricsHttp | undefined;
    if (!fastify) return; // the worker has no HTTP server
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions?.url;
      if (route && route !== '/metrics') {
        this.requests.observe(
          { method: request.method, route, status_code: String(reply.statusCode) },
          reply.elapsedTime / 1_000,
        );
      }
      done();
    });
    fastify.get('/metrics', async (request, reply) => {
      if (!this.config.METRICS_TOKEN) return reply.code(404).send('');
      if (!bearerMatches(request.headers['authorization'], this.config.METRICS_TOKEN)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send('');
      }
      return reply.header('content-type', this.registry.contentType).send(await this.registry.metrics());
    });
  }
}

function bearerMatches(header: string | string[] | undefined, token: string): boolean {
  const given = Buffer.from(
    typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '',
  );
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
