import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';

/** The placements that grant permissions beyond a role (see `placementPermissions`). */
@Injectable()
export class PlacementsRepository {
  constructor(private readonly db: Db) {}

  /** Whether the member now leads an active team or heads an active department. */
  async leadsOrHeads(membershipId: string): Promise<boolean> {
    const row = await this.db.one<{ placed: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM team_membership m JOIN team t ON t.organisation_id = m.organisation_id AND t.id = m.team_id
                       WHERE m.membership_id = $1 AND m.position = 'lead' AND m.valid_to IS NULL AND t.archived_at IS NULL)
           OR EXISTS (SELECT 1 FROM department_head h JOIN department d ON d.organisation_id = h.organisation_id AND d.id = h.department_id
                       WHERE h.membership_id = $1 AND h.valid_to IS NULL AND d.archived_at IS NULL) AS placed`,
      [membershipId],
    );
    return row?.placed ?? false;
  }
}
