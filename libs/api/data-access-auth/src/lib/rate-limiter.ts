import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { PlatformDb } from '@kaizen/api/data-access-db';

export class TooManyRequestsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts; try again in ${retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in PostgreSQL, so every API replica shares them on either queue backend.
 * Counting happens in its own statement, outside any tenant transaction: a request that fails later still counts.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly db: PlatformDb) {}

  async consume(bucket: string, { limit, windowSeconds }: RateLimit): Promise<void> {
    const row = await this.db
      .insertInto('rate_limit_window')
      .values({
        bucket,
        window_start: sql<Date>`to_timestamp(floor(extract(epoch FROM now()) / ${windowSeconds}) * ${windowSeconds})`,
        hits: 1,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['bucket', 'window_start'])
          .doUpdateSet((eb) => ({ hits: eb('rate_limit_window.hits', '+', 1) })),
      )
      .returning([
        'hits',
        sql<number>`ceil(extract(epoch FROM window_start + make_interval(secs => ${windowSeconds}) - now()))::int`.as(
          'retry_after',
        ),
      ])
      .executeTakeFirstOrThrow();
    if (row.hits > limit) throw new TooManyRequestsException(Math.max(1, row.retry_after));
    if (Math.random() < 0.01) {
      await this.db
        .deleteFrom('rate_limit_window')
        .where('window_start', '<', sql<Date>`now() - interval '1 day'`)
        .execute();
    }
  }
}
