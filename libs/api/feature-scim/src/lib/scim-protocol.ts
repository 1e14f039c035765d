import { HttpException, HttpStatus } from '@nestjs/common';
import SCIMMY from 'scimmy';

/**
 * The SCIM 2.0 protocol as this API speaks it (RFC 7643 resources, RFC 7644 messages), on top of the scimmy
 * library: scimmy checks attribute types, parses filters and applies PATCH operations; this file holds the few
 * rules of our own (which schemas, which filters, what counts as a boolean from Entra ID).
 */

export const SCIM_MEDIA_TYPE = 'application/scim+json';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** At most this many resources in one list answer (ServiceProviderConfig says so too). */
export const SCIM_MAX_RESULTS = 200;

SCIMMY.Resources.declare(SCIMMY.Resources.User);
SCIMMY.Resources.declare(SCIMMY.Resources.Group);
SCIMMY.Config.set({ patch: true, filter: { supported: true, maxResults: SCIM_MAX_RESULTS } });

/** scimType values of RFC 7644 §3.12 used here. */
export type ScimType =
  | 'invalidFilter'
  | 'invalidSyntax'
  | 'invalidValue'
  | 'invalidPath'
  | 'noTarget'
  | 'uniqueness'
  | 'mutability'
  | 'tooMany';

/** An error answered in SCIM's own format (see ScimErrorFilter). */
export class ScimException extends HttpException {
  constructor(
    status: HttpStatus,
    detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail, status);
  }
}

const invalid = (detail: string, scimType: ScimType = 'invalidValue') =>
  new ScimException(HttpStatus.BAD_REQUEST, detail, scimType);

/** Runs scimmy, turning what it throws (SCIM errors, or TypeErrors for a wrong value) into a ScimException. */
function scimmy<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw asScimException(error);
  }
}

function asScimException(error: unknown): unknown {
  if (error instanceof SCIMMY.Types.Error)
    return new ScimException(
      error.status,
      error.message,
      (error.scimType ?? undefined) as ScimType | undefined,
    );
  if (error instanceof TypeError) return invalid(error.message);
  return error;
}

/** The attributes of a User this API keeps; everything else a directory sends is accepted and not stored. */
export interface ScimUserInput {
  userName: string;
  displayName: string;
  externalId: string | null;
  active: boolean;
  locale: 'en' | 'nl';
}

export interface ScimGroupInput {
  displayName: string;
  externalId: string | null;
  memberIds: string[];
}

/** `schemas` must be present and name only schemas this resource type knows (RFC 7643 §3). */
function checkSchemas(body: unknown, core: string, extensions: readonly string[]): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw invalid('The body must be a JSON object', 'invalidSyntax');
  const schemas = (body as { schemas?: unknown }).schemas;
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === 'string'))
    throw invalid(`schemas must be an array of schema URIs including ${core}`, 'invalidSyntax');
  if (!schemas.includes(core)) throw invalid(`schemas must include ${core}`, 'invalidSyntax');
  const unknown = schemas.filter((s) => s !== core && !extensions.includes(s));
  if (unknown.length > 0) throw invalid(`Unknown schema ${unknown.join(', ')}`, 'invalidSyntax');
  return body as Record<string, unknown>;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_NAME = 200;

/** A User body (POST or PUT), checked against the User schema; `userName` is the person's e-mail address. */
export function parseUser(body: unknown): ScimUserInput {
  const raw = checkSchemas(body, USER_SCHEMA, [ENTERPRISE_USER_SCHEMA]);
  const user = scimmy(() => new SCIMMY.Schemas.User(normaliseBooleans(raw), 'in')) as unknown as {
    userName: string;
    displayName?: string;
    externalId?: string;
    active?: boolean;
    locale?: string;
    preferredLanguage?: string;
    name?: { formatted?: string; givenName?: string; familyName?: string };
  };
  const userName = user.userName.trim();
  if (!EMAIL.test(userName) || userName.length > 320)
    throw invalid('userName must be the person’s e-mail address, which is how they sign in');
  const fromName =
    user.name?.formatted ?? [user.name?.givenName, user.name?.familyName].filter(Boolean).join(' ');
  const displayName = (user.displayName ?? fromName).trim() || userName;
  if (displayName.length > MAX_NAME) throw invalid(`displayName must be at most ${MAX_NAME} characters`);
  const language = (user.preferredLanguage ?? user.locale ?? '').toLowerCase();
  return {
    userName,
    displayName,
    externalId: user.externalId ?? null,
    active: user.active ?? true,
    locale: language.startsWith('nl') ? 'nl' : 'en',
  };
}

/** A Group body (POST or PUT): a team; its members are ids of Users. */
export function parseGroup(body: unknown): ScimGroupInput {
  const raw = checkSchemas(body, GROUP_SCHEMA, []);
  const group = scimmy(() => new SCIMMY.Schemas.Group(raw, 'in')) as unknown as {
    displayName: string;
    externalId?: string;
    members?: Array<{ value?: string }>;
  };
  const displayName = group.displayName.trim();
  if (displayName.length === 0 || displayName.length > MAX_NAME)
    throw invalid(`displayName must be 1 to ${MAX_NAME} characters`);
  const memberIds = (group.members ?? []).map((member) => member.value);
  if (memberIds.some((id) => typeof id !== 'string'))
    throw invalid('Every member must have a value: a User id');
  return {
    displayName,
    externalId: group.externalId ?? null,
    memberIds: [...new Set(memberIds as string[])],
  };
}

/**
 * Applies a PatchOp message to a resource as it stands and returns the resource as it would be. Entra ID sends
 * booleans as "True"/"False" and capitalised op names; both are accepted.
 */
export async function applyPatch(
  body: unknown,
  resource: Record<string, unknown>,
  kind: 'User' | 'Group',
): Promise<Record<string, unknown>> {
  const message = checkSchemas(body, PATCH_SCHEMA, []);
  const operations = message['Operations'];
  if (!Array.isArray(operations) || operations.length === 0)
    throw invalid('Operations must be a non-empty array', 'invalidSyntax');
  if (operations.length > 1000) throw invalid('At most 1000 operations at once', 'tooMany');
  const normalised = operations.map((operation: unknown) =>
    operation !== null && typeof operation === 'object' && !Array.isArray(operation)
      ? {
          ...operation,
          op:
            typeof (operation as { op?: unknown }).op === 'string'
              ? (operation as { op: string }).op.toLowerCase()
              : undefined,
          value: normaliseBooleans((operation as { value?: unknown }).value),
        }
      : operation,
  );
  const target = scimmy(() =>
    kind === 'User' ? new SCIMMY.Schemas.User(resource, 'out') : new SCIMMY.Schemas.Group(resource, 'out'),
  );
  const patch = scimmy(
    () => new SCIMMY.Messages.PatchOp({ schemas: [PATCH_SCHEMA], Operations: normalised } as never),
  );
  try {
    // scimmy answers undefined when the operations changed nothing.
    return JSON.parse(JSON.stringify((await patch.apply(target)) ?? target));
  } catch (error) {
    throw asScimException(error);
  }
}

/** Entra ID's "True"/"False" (any case) for booleans, in a value or an object of values. */
function normaliseBooleans(value: unknown): unknown {
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, key === 'active' ? normaliseBooleans(inner) : inner]),
    );
  return value;
}

/** The one filter form directories send to find a resource: `attribute eq "value"` on an attribute `allowed`. */
export function parseFilter(
  filter: unknown,
  allowed: readonly string[],
): { attribute: string; value: string } | null {
  if (filter === undefined || filter === '') return null;
  if (typeof filter !== 'string' || filter.length > 1000)
    throw invalid('filter must be one string', 'invalidFilter');
  const parsed = scimmy(() => new SCIMMY.Types.Filter(filter)) as unknown as Array<Record<string, unknown>>;
  const expression = parsed.length === 1 ? Object.entries(parsed[0]) : [];
  const [attribute, comparison] = expression.length === 1 ? expression[0] : [];
  if (
    attribute === undefined ||
    !allowed.includes(attribute) ||
    !Array.isArray(comparison) ||
    comparison.length !== 2 ||
    comparison[0] !== 'eq' ||
    typeof comparison[1] !== 'string'
  ) {
    throw invalid(
      `Only filters of the form ${allowed.map((a) => `${a} eq "…"`).join(' or ')} are supported`,
      'invalidFilter',
    );
  }
  return { attribute, value: comparison[1] };
}

/** `startIndex` (1-based) and `count` of a list request, within bounds (RFC 7644 §3.4.2.4). */
export function parsePage(query: Record<string, unknown>): { startIndex: number; count: number } {
  const number = (name: string, fallback: number) => {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    if (typeof raw !== 'string' || !/^-?\d{1,9}$/.test(raw)) throw invalid(`${name} must be an integer`);
    return Number(raw);
  };
  return {
    startIndex: Math.max(1, number('startIndex', 1)),
    count: Math.min(SCIM_MAX_RESULTS, Math.max(0, number('count', 100))),
  };
}

export function listResponse(resources: unknown[], total: number, startIndex: number) {
  return {
    schemas: [LIST_SCHEMA],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/** Discovery (RFC 7644 §4): what this service provider supports, its resource types and their schemas. */
export async function serviceProviderConfig(baseUrl: string) {
  const config = (await new SCIMMY.Resources.ServiceProviderConfig().read()) as unknown as Record<
    string,
    unknown
  >;
  return {
    ...config,
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'API token',
        description:
          'An organisation API token (kzl_…) with the scope scim.provision, sent as a bearer token',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export async function resourceTypes(id?: string) {
  return scimmyRead(() => new SCIMMY.Resources.ResourceType(id).read());
}

export async function schemas(id?: string) {
  return scimmyRead(() => new SCIMMY.Resources.Schema(id).read());
}

async function scimmyRead(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return JSON.parse(JSON.stringify(await read()));
  } catch (error) {
    throw asScimException(error);
  }
}
