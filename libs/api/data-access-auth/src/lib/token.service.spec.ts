import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '@kaizen/shared/util-config';
import { TokenService } from './token.service';

const config = { AUTH_SECRET: 'x'.repeat(40), ACCESS_TOKEN_TTL_SECONDS: 60 } as AppConfig;
const actor = {
  userId: '0190b4a0-0000-7000-8000-000000000001',
  organisationId: '0190b4a0-0000-7000-8000-000000000002',
  membershipId: '0190b4a0-0000-7000-8000-000000000003',
  role: 'member' as const,
};

describe('TokenService', () => {
  afterEach(() => vi.useRealTimers());

  it('accepts its own token again and again, each time as a fresh actor', async () => {
    const tokens = new TokenService(config);
    const token = await tokens.issueAccessToken(actor);
    const first = await tokens.verifyAccessToken(token);
    const second = await tokens.verifyAccessToken(token);
    expect(first).toEqual(actor);
    expect(second).toEqual(actor);
    expect(second).not.toBe(first);
  });

  it('refuses a remembered token once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-01-01T00:00:00Z'));
    const tokens = new TokenService(config);
    const token = await tokens.issueAccessToken(actor);
    expect(await tokens.verifyAccessToken(token)).toEqual(actor);
    vi.setSystemTime(new Date('2027-01-01T00:00:59Z'));
    expect(await tokens.verifyAccessToken(token)).toEqual(actor);
    vi.setSystemTime(new Date('2027-01-01T00:01:00Z'));
    expect(await tokens.verifyAccessToken(token)).toBeNull();
  });

  it('refuses a token whose signature was changed, and one signed with another key', async () => {
    const tokens = new TokenService(config);
    const token = await tokens.issueAccessToken(actor);
    await tokens.verifyAccessToken(token);
    const [head, body, signature] = token.split('.');
    const flipped = `${head}.${body}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect(await tokens.verifyAccessToken(flipped)).toBeNull();
    const other = await new TokenService({ ...config, AUTH_SECRET: 'y'.repeat(40) }).issueAccessToken(actor);
    expect(await tokens.verifyAccessToken(other)).toBeNull();
  });
});
