import { Injectable } from '@nestjs/common';
import { Db, sameTenant } from '@kaizen/api/data-access-db';

/** The placements that grant permissions beyond a role (see `placementPermissions`). */
@Injectable()
export class LeadershipRepository {
  constructor(private readonly db: Db) {}

  /** Whether the member now leads an active team or heads an active department. */
  async leadsOrHeads(membershipId: string): Promise<boolean> {
    const leads = this.db
      .selectFrom('team_membership as m')
      .innerJoin('team as t', (join) => sameTenant(join, 't.id', 'm.team_id'))
      .select('m.membership_id')
      .where('m.membership_id', '=', membershipId)
      .where('m.position', '=', 'lead')
      .where('m.valid_to', 'is', null)
      .where('t.archived_at', 'is', null);
    const heads = this.db
      .selectFrom('department_head as h')
      .innerJoin('department as d', (join) => sameTenant(join, 'd.id', 'h.department_id'))
      .select('h.membership_id')
      .where('h.membership_id', '=', membershipId)
      .where('h.valid_to', 'is', null)
      .where('d.archived_at', 'is', null);
    const row = await this.db
      .selectNoFrom(({ exists, or }) =>
        or([exists(leads), exists(heads)])
          .$castTo<boolean>()
          .as('placed'),
      )
      .executeTakeFirstOrThrow();
    return row.placed;
  }
}
