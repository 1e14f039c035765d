import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  GROUP_SCHEMA,
  parseFilter,
  parsePage,
  parseUser,
  PATCH_SCHEMA,
  ScimException,
  USER_SCHEMA,
} from './scim-protocol';

const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof ScimException ? { status: error.getStatus(), scimType: error.scimType } : error;
  }
  return 'accepted';
};

describe('the SCIM protocol rules', () => {
  it('reads a User: its e-mail address as userName, a display name from name when absent, Dutch from nl-NL', () => {
    expect(
      parseUser({
        schemas: [USER_SCHEMA],
        userName: ' bjensen@example.com ',
        name: { givenName: 'Barbara', familyName: 'Jensen' },
        preferredLanguage: 'nl-NL',
      }),
    ).toEqual({
      userName: 'bjensen@example.com',
      displayName: 'Barbara Jensen',
      externalId: null,
      active: true,
      locale: 'nl',
    });
  });

  it('refuses unknown schemas, a missing schemas list, and a userName that is no address', () => {
    expect(refusal(() => parseUser({ schemas: ['urn:x'], userName: 'a@b.nl' }))).toEqual({
      status: 400,
      scimType: 'invalidSyntax',
    });
    expect(refusal(() => parseUser({ userName: 'a@b.nl' }))).toEqual({
      status: 400,
      scimType: 'invalidSyntax',
    });
    expect(refusal(() => parseUser({ schemas: [GROUP_SCHEMA], userName: 'a@b.nl' }))).toEqual({
      status: 400,
      scimType: 'invalidSyntax',
    });
    expect(refusal(() => parseUser({ schemas: [USER_SCHEMA], userName: 'bjensen' }))).toEqual({
      status: 400,
      scimType: 'invalidValue',
    });
  });

  it('supports exactly the filter directories send: attribute eq "value"', () => {
    expect(parseFilter('userName eq "a@b.nl"', ['userName'])).toEqual({
      attribute: 'userName',
      value: 'a@b.nl',
    });
    expect(parseFilter(undefined, ['userName'])).toBeNull();
    for (const filter of [
      'userName sw "a"',
      'userName eq',
      'displayName eq "x"',
      'userName eq "a" and userName eq "b"',
      '((',
    ])
      expect(refusal(() => parseFilter(filter, ['userName']))).toEqual({
        status: 400,
        scimType: 'invalidFilter',
      });
  });

  it('keeps startIndex and count within bounds', () => {
    expect(parsePage({})).toEqual({ startIndex: 1, count: 100 });
    expect(parsePage({ startIndex: '0', count: '5000' })).toEqual({ startIndex: 1, count: 200 });
    expect(refusal(() => parsePage({ count: ['1', '2'] }))).toEqual({
      status: 400,
      scimType: 'invalidValue',
    });
  });

  it('applies Entra ID’s PATCH of active, with a capitalised op and a string boolean', async () => {
    const patched = await applyPatch(
      { schemas: [PATCH_SCHEMA], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
      { schemas: [USER_SCHEMA], id: 'x', userName: 'a@b.nl', active: true },
      'User',
    );
    expect(patched['active']).toBe(false);
  });
});
