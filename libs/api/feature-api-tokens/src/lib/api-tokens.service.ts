import { Injectable, NotFoundException } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AuditLog, newApiToken, type Actor } from '@kaizen/api/data-access-auth';
import {
  API_TOKEN_DEFAULT_DAYS,
  API_TOKEN_DEFAULT_RATE_PER_MINUTE,
  scopeProblem,
  type ApiTokenKind,
} from '@kaizen/shared/domain-access';
import { FieldValidationException, mapPage, type PageQueryDto } from '@kaizen/api/util-core';
import type { ApiTokenDto, ApiTokenPageDto, CreateApiTokenDto, CreatedApiTokenDto } from './api-token.dto';
import { apiTokenDto } from './api-tokens.mappers';
import { ApiTokensRepository, type TokenOwner } from './api-tokens.repository';

/** Organisation tokens are the organisation's; a personal token is seen and revoked by its person alone. */
function ownerOf(actor: Actor, kind: ApiTokenKind): TokenOwner {
  return kind === 'personal' ? { kind, membershipId: actor.membershipId } : { kind };
}

@Injectable()
export class ApiTokensService {
  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly audit: AuditLog,
  ) {}

  async list(actor: Actor, kind: ApiTokenKind, query: PageQueryDto): Promise<ApiTokenPageDto> {
    return mapPage(await this.tokens.list(ownerOf(actor, kind), query), apiTokenDto);
  }

  /** Both kinds act with the creator's membership, so a token never exceeds what its person may do. */
  async create(actor: Actor, kind: ApiTokenKind, dto: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    const problem = scopeProblem(actor.role, dto.scopes);
    if (problem)
      throw new FieldValidationException([{ field: 'scopes', rule: 'grantable', message: problem }]);
    const id = uuidv7();
    const { token, hash, hint } = newApiToken(actor.organisationId);
    await this.tokens.create({
      id,
      kind,
      name: dto.name,
      membershipId: actor.membershipId,
      scopes: dto.scopes,
      tokenHash: hash,
      hint,
      rateLimitPerMinute: dto.rateLimitPerMinute ?? API_TOKEN_DEFAULT_RATE_PER_MINUTE,
      expiresInDays: dto.expiresInDays ?? API_TOKEN_DEFAULT_DAYS,
    });
    await this.audit.record({
      organisationId: actor.organisationId,
      action: 'api_token.created',
      actorUserId: actor.userId,
      targetId: id,
      details: { kind, name: dto.name, scopes: dto.scopes },
    });
    const row = await this.tokens.find(ownerOf(actor, kind), id);
    if (!row) throw new Error('a token just created is not there');
    return { ...apiTokenDto(row), token };
  }

  async get(actor: Actor, kind: ApiTokenKind, id: string): Promise<ApiTokenDto> {
    const row = await this.tokens.find(ownerOf(actor, kind), id);
    if (!row) throw new NotFoundException('No such token');
    return apiTokenDto(row);
  }

  async revoke(actor: Actor, kind: ApiTokenKind, id: string): Promise<void> {
    const owner = ownerOf(actor, kind);
    if (!(await this.tokens.find(owner, id))) throw new NotFoundException('No such token');
    if (!(await this.tokens.revoke(owner, id))) return; // revoking twice changes nothing
    await this.audit.record({
      organisationId: actor.organisationId,
      action: 'api_token.revoked',
      actorUserId: actor.userId,
      targetId: id,
      details: { kind },
    });
  }
}
