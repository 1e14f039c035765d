import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';
import type { DigestHighlight } from '@kaizen/shared/domain-schedules';

export interface WeekInLessons {
  lessons: number;
  confirmed: number;
  refuted: number;
  adoptions: number;
  highlights: DigestHighlight[];
}

@Injectable()
export class DigestRepository {
  constructor(private readonly db: Db) {}

  async organisation(): Promise<{ timeZone: string; createdAt: Date }> {
    return (await this.db.one(
      `SELECT time_zone AS "timeZone", created_at AS "createdAt" FROM organisation WHERE organisation_id = current_organisation_id()`,
    )) as { timeZone: string; createdAt: Date };
  }

  /** Claims the week's digest; false when it went out already. */
  async claim(weekStart: string, lessons: number): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO digest_run (organisation_id, week_start, lessons) VALUES (current_organisation_id(), $1, $2)
       ON CONFLICT DO NOTHING RETURNING week_start`,
      [weekStart, lessons],
    );
    return rows.length > 0;
  }

  async sent(weekStart: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM digest_run WHERE week_start = $1`, [weekStart])).length > 0;
  }

  /** The week's lessons: counted in full; as highlights only those the whole organisation may read. */
  async week(start: Date, end: Date): Promise<WeekInLessons> {
    const counts = await this.db.one<Omit<WeekInLessons, 'highlights'>>(
      `SELECT count(*)::int AS lessons,
              count(*) FILTER (WHERE e.verdict = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE e.verdict = 'refuted')::int AS refuted,
              (SELECT count(*)::int FROM lesson_adoption a WHERE a.adopted_at >= $1 AND a.adopted_at < $2) AS adoptions
         FROM lesson l JOIN experiment e ON e.organisation_id = l.organisation_id AND e.id = l.experiment_id
        WHERE l.created_at >= $1 AND l.created_at < $2`,
      [start, end],
    );
    const highlights = await this.db.query<DigestHighlight>(
      `SELECT l.insight, e.verdict, t.name AS "teamName"
         FROM lesson l
         JOIN experiment e ON e.organisation_id = l.organisation_id AND e.id = l.experiment_id
         JOIN team t ON t.organisation_id = l.organisation_id AND t.id = l.team_id
        WHERE l.created_at >= $1 AND l.created_at < $2 AND l.visibility = 'organisation'
        ORDER BY (e.verdict = 'refuted') DESC, l.created_at DESC LIMIT 3`,
      [start, end],
    );
    return { ...(counts as Omit<WeekInLessons, 'highlights'>), highlights };
  }

  async activeMembers(): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(`SELECT id FROM membership WHERE status = 'active'`);
    return rows.map((row) => row.id);
  }
}
