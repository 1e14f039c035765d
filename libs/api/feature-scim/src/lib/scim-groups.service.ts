import { HttpStatus, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AuditLog, type Actor } from '@kaizen/api/data-access-auth';
import { PlacementsRepository } from '@kaizen/api/data-access-organisation';
import {
  applyPatch,
  listResponse,
  parseFilter,
  parseGroup,
  parsePage,
  ScimException,
  type ScimGroupInput,
} from './scim-protocol';
import { groupResource } from './scim.mappers';
import { isUuid, ScimRepository, type GroupFilter, type ScimGroupRow } from './scim.repository';

/** Where provisioned teams go when the organisation has no department yet. */
const DIRECTORY_DEPARTMENT = 'Directory groups';

const notFound = (id: string) =>
  new ScimException(HttpStatus.NOT_FOUND, `No Group ${id} in this organisation`);

/** Groups: the organisation's active teams; a member is a team placement (leads keep their position). */
@Injectable()
export class ScimGroupsService {
  constructor(
    private readonly repository: ScimRepository,
    private readonly placements: PlacementsRepository,
    private readonly audit: AuditLog,
  ) {}

  async list(query: Record<string, unknown>, baseUrl: string) {
    const filter = parseFilter(query['filter'], ['displayName', 'externalId', 'id']) as GroupFilter | null;
    const { startIndex, count } = parsePage(query);
    const { rows, total } = await this.repository.listGroups(filter, startIndex - 1, count);
    return listResponse(
      rows.map((row) => groupResource(row, baseUrl)),
      total,
      startIndex,
    );
  }

  async get(id: string, baseUrl: string) {
    return groupResource(await this.group(id), baseUrl);
  }

  /** New teams go to the oldest active department (one is made if there is none). */
  async create(actor: Actor, body: unknown, baseUrl: string) {
    const input = parseGroup(body);
    await this.checkMembers(input.memberIds);
    let departmentId = await this.repository.firstDepartment();
    if (!departmentId) {
      departmentId = uuidv7();
      await this.placements.createDepartment(departmentId, DIRECTORY_DEPARTMENT);
    }
    const id = uuidv7();
    await this.placements.createTeam({ id, name: input.displayName, departmentId });
    await this.repository.groupProvisioned(id, input.externalId);
    for (const membershipId of input.memberIds)
      await this.placements.place({ id: uuidv7(), teamId: id, membershipId, position: 'member' });
    await this.record(actor, 'scim.group_created', id);
    return groupResource(await this.group(id), baseUrl);
  }

  async replace(actor: Actor, id: string, body: unknown, baseUrl: string) {
    const before = await this.group(id);
    await this.apply(actor, before, parseGroup(body));
    return groupResource(await this.group(id), baseUrl);
  }

  async patch(actor: Actor, id: string, body: unknown, baseUrl: string) {
    const before = await this.group(id);
    const patched = await applyPatch(body, groupResource(before, baseUrl), 'Group');
    await this.apply(actor, before, parseGroup(patched));
    return groupResource(await this.group(id), baseUrl);
  }

  /** The team is archived: its history stays, its placements end. */
  async delete(actor: Actor, id: string): Promise<void> {
    await this.group(id);
    await this.placements.archiveTeam(id);
    await this.record(actor, 'scim.group_deleted', id);
  }

  private async apply(actor: Actor, before: ScimGroupRow, input: ScimGroupInput): Promise<void> {
    await this.checkMembers(input.memberIds);
    if (input.displayName !== before.name) await this.repository.renameTeam(before.id, input.displayName);
    if (input.externalId !== before.external_id)
      await this.repository.groupProvisioned(before.id, input.externalId);
    const current = before.members.map((member) => member.id);
    const added = input.memberIds.filter((id) => !current.includes(id));
    const removed = current.filter((id) => !input.memberIds.includes(id));
    for (const membershipId of removed) await this.placements.endPlacement(before.id, membershipId);
    for (const membershipId of added)
      await this.placements.place({ id: uuidv7(), teamId: before.id, membershipId, position: 'member' });
    await this.record(actor, 'scim.group_updated', before.id, { added, removed });
  }

  /** Every member must be a User of this organisation; another organisation's id is as unknown as a made-up one. */
  private async checkMembers(ids: string[]): Promise<void> {
    const existing = await this.repository.existingUsers(ids);
    const unknown = ids.filter((id) => !existing.includes(id));
    if (unknown.length > 0)
      throw new ScimException(
        HttpStatus.BAD_REQUEST,
        `members must be Users of this organisation; unknown: ${unknown.slice(0, 5).join(', ')}`,
        'invalidValue',
      );
  }

  private async group(id: string): Promise<ScimGroupRow> {
    const row = isUuid(id) ? await this.repository.findGroup(id) : undefined;
    if (!row) throw notFound(id);
    return row;
  }

  private async record(
    actor: Actor,
    action: 'scim.group_created' | 'scim.group_updated' | 'scim.group_deleted',
    id: string,
    details: Record<string, unknown> = {},
  ) {
    await this.audit.record({
      organisationId: actor.organisationId,
      action,
      actorUserId: actor.userId,
      targetId: id,
      details: { ...details, ...(actor.token ? { tokenId: actor.token.id } : {}) },
    });
  }
}
