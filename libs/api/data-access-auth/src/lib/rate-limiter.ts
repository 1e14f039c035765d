import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

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
 * Counting happens in its own statement: a request that fails later still counts.
 */
@Injectable()
export class RateLimiter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async consume(bucket: string, { limit, windowSeconds }: RateLimit): Promise<void> {
    const [row] = await this.dataSource.query(
      `INSERT INTO rate_limit_window (bucket, window_start, hits)
       VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), 1)
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_window.hits + 1
       RETURNING hits, ceil(extract(epoch FROM window_start + make_interval(secs => $2) - now()))::int AS "retryAfter"`,
      [bucket, windowSeconds],
    );
    if (row.hits > limit) throw new TooManyRequestsException(Math.max(1, row.retryAfter));
    if (Math.random() < 0.01) {
      await this.dataSource.query(`DELETE FROM rate_limit_window WHERE window_start < now() - interval '1 day'`);
    }
  }
}
