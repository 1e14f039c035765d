// Operations and models of API tokens, for their lazy page alone (see index.ts).
export { createOrganisationToken } from './generated/fn/api-tokens/create-organisation-token';
export { createPersonalToken } from './generated/fn/api-tokens/create-personal-token';
export { listOrganisationTokens } from './generated/fn/api-tokens/list-organisation-tokens';
export { listPersonalTokens } from './generated/fn/api-tokens/list-personal-tokens';
export { revokeOrganisationToken } from './generated/fn/api-tokens/revoke-organisation-token';
export { revokePersonalToken } from './generated/fn/api-tokens/revoke-personal-token';
export type { ApiTokenDto } from './generated/models/api-token-dto';
export type { CreateApiTokenDto } from './generated/models/create-api-token-dto';
export type { CreatedApiTokenDto } from './generated/models/created-api-token-dto';
