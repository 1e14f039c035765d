import { HttpStatus, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AuditLog, type Actor } from '@kaizen/api/data-access-auth';
import { AccountsDirectory, PlacementsRepository } from '@kaizen/api/data-access-organisation';
import { leavesNoAdmin } from '@kaizen/shared/domain-organisation';
import {
  applyPatch,
  listResponse,
  parseFilter,
  parsePage,
  parseUser,
  ScimException,
  type ScimUserInput,
} from './scim-protocol';
import { userResource } from './scim.mappers';
import { isUuid, ScimRepository, type ScimUserRow, type UserFilter } from './scim.repository';

const notFound = (id: string) =>
  new ScimException(HttpStatus.NOT_FOUND, `No User ${id} in this organisation`);

/**
 * Users: the organisation's people. Creating one makes (or joins) an account and a membership with the role
 * member; deactivating or deleting ends the person's sessions here at once. Each request is one transaction.
 */
@Injectable()
export class ScimUsersService {
  constructor(
    private readonly repository: ScimRepository,
    private readonly placements: PlacementsRepository,
    private readonly accounts: AccountsDirectory,
    private readonly audit: AuditLog,
  ) {}

  async list(query: Record<string, unknown>, baseUrl: string) {
    const filter = parseFilter(query['filter'], ['userName', 'externalId', 'id']) as UserFilter | null;
    const { startIndex, count } = parsePage(query);
    const { rows, total } = await this.repository.listUsers(filter, startIndex - 1, count);
    return listResponse(
      rows.map((row) => userResource(row, baseUrl)),
      total,
      startIndex,
    );
  }

  async get(id: string, baseUrl: string) {
    return userResource(await this.user(id), baseUrl);
  }

  async create(actor: Actor, body: unknown, baseUrl: string) {
    const input = parseUser(body);
    const account = await this.repository.findAccount(input.userName);
    if (account?.membership_id && account.deleted_at === null)
      throw new ScimException(
        HttpStatus.CONFLICT,
        `A User with userName ${input.userName} exists`,
        'uniqueness',
      );
    let membershipId = account?.membership_id ?? null;
    const ownsAccount = !account;
    const userId = account?.user_id ?? uuidv7();
    if (!account)
      await this.accounts.create({
        id: userId,
        email: input.userName,
        displayName: input.displayName,
        locale: input.locale,
      });
    if (!membershipId) {
      membershipId = uuidv7();
      await this.placements.addMembership({ id: membershipId, userId, role: 'member', active: input.active });
      await this.repository.provisioned(membershipId, input.externalId, ownsAccount);
    } else {
      // Provisioned again after a deletion: the same membership comes back, so their history stays theirs.
      await this.repository.provisioned(membershipId, input.externalId);
      await this.placements.setActive(membershipId, input.active);
    }
    await this.record(actor, 'scim.user_created', membershipId);
    return userResource(await this.user(membershipId), baseUrl);
  }

  async replace(actor: Actor, id: string, body: unknown, baseUrl: string) {
    const before = await this.user(id);
    await this.apply(actor, before, parseUser(body));
    return userResource(await this.user(id), baseUrl);
  }

  async patch(actor: Actor, id: string, body: unknown, baseUrl: string) {
    const before = await this.user(id);
    const patched = await applyPatch(body, userResource(before, baseUrl), 'User');
    await this.apply(actor, before, parseUser(patched));
    return userResource(await this.user(id), baseUrl);
  }

  /** Deletion keeps the membership, deactivated, so what the person wrote keeps its author; SCIM no longer sees it. */
  async delete(actor: Actor, id: string): Promise<void> {
    const before = await this.user(id);
    await this.deactivate(before);
    await this.repository.provisioned(id, before.external_id);
    await this.repository.markDeleted(id);
    await this.record(actor, 'scim.user_deleted', id);
  }

  private async apply(actor: Actor, before: ScimUserRow, input: ScimUserInput): Promise<void> {
    const profileChanged =
      input.userName.toLowerCase() !== before.email.toLowerCase() ||
      input.displayName !== before.display_name;
    if (profileChanged) {
      if (!before.owns_account)
        throw new ScimException(
          HttpStatus.BAD_REQUEST,
          'This account existed before it was provisioned and is the person’s own: its userName and displayName cannot be changed by the directory',
          'mutability',
        );
      await this.repository.updateAccount(before.user_id, {
        email: input.userName,
        displayName: input.displayName,
      });
    }
    if (input.externalId !== before.external_id)
      await this.repository.provisioned(before.id, input.externalId);
    const wasActive = before.status === 'active';
    if (wasActive && !input.active) {
      await this.deactivate(before);
      await this.record(actor, 'scim.user_deactivated', before.id);
    } else if (!wasActive && input.active) {
      await this.placements.setActive(before.id, true);
    }
    if (profileChanged || input.externalId !== before.external_id || (!wasActive && input.active))
      await this.record(actor, 'scim.user_updated', before.id);
  }

  /** Deactivated at once: positions end, sessions in this organisation are revoked, and the last admin stays. */
  private async deactivate(user: ScimUserRow): Promise<void> {
    if (user.status !== 'active') return;
    if (leavesNoAdmin(await this.placements.standings(), { memberId: user.id, active: false }))
      throw new ScimException(HttpStatus.CONFLICT, 'The organisation must keep at least one active admin');
    await this.placements.setActive(user.id, false);
    await this.placements.endAllPlacements(user.id);
    await this.repository.revokeSessions(user.user_id);
  }

  private async user(id: string): Promise<ScimUserRow> {
    const row = isUuid(id) ? await this.repository.findUser(id) : undefined;
    if (!row) throw notFound(id);
    return row;
  }

  private async record(
    actor: Actor,
    action: 'scim.user_created' | 'scim.user_updated' | 'scim.user_deactivated' | 'scim.user_deleted',
    id: string,
  ) {
    await this.audit.record({
      organisationId: actor.organisationId,
      action,
      actorUserId: actor.userId,
      targetId: id,
      details: actor.token ? { tokenId: actor.token.id } : {},
    });
  }
}
