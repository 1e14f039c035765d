import { Injectable, inject, signal } from '@angular/core';
import { Api, LoadState } from '@kaizen/web/data-access-api';
import {
  ApiTokenDto,
  CreateApiTokenDto,
  CreatedApiTokenDto,
  createOrganisationToken,
  createPersonalToken,
  listOrganisationTokens,
  listPersonalTokens,
  revokeOrganisationToken,
  revokePersonalToken,
} from '@kaizen/web/data-access-api/api-tokens';

export type ApiTokenKind = ApiTokenDto['kind'];

const operations = {
  organisation: {
    list: listOrganisationTokens,
    create: createOrganisationToken,
    revoke: revokeOrganisationToken,
  },
  personal: { list: listPersonalTokens, create: createPersonalToken, revoke: revokePersonalToken },
} as const;

/** One kind of API token: the organisation's (admins) or my own. Provide one per list. */
@Injectable()
export class ApiTokensStore {
  private readonly api = inject(Api);
  private readonly itemsState = signal<readonly ApiTokenDto[]>([]);
  private readonly state = new LoadState();
  private kind: ApiTokenKind = 'personal';

  readonly items = this.itemsState.asReadonly();
  readonly loaded = this.state.loaded;
  readonly error = this.state.error;

  /** The newest tokens first; the page shows the first 200 (few organisations keep more). */
  async load(kind: ApiTokenKind): Promise<void> {
    this.kind = kind;
    await this.state.track(async () => {
      const { items } = await this.api.invoke(operations[kind].list, { limit: 200 });
      this.itemsState.set(items);
    });
  }

  /** The created token, with the token itself: shown this once. */
  async create(token: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    const created = await this.api.invoke(operations[this.kind].create, { body: token });
    const { token: _shownOnce, ...item } = created;
    this.itemsState.update((items) => [item, ...items]);
    return created;
  }

  async revoke(token: ApiTokenDto): Promise<void> {
    await this.api.invoke(operations[this.kind].revoke, { id: token.id });
    const revokedAt = new Date().toISOString();
    this.itemsState.update((items) =>
      items.map((item) => (item.id === token.id ? { ...item, status: 'revoked', revokedAt } : item)),
    );
  }
}
