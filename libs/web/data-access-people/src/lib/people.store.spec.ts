import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvitationDto, MemberDto } from '@kaizen/web/data-access-api';
import { PeopleStore } from './people.store';

const anna: MemberDto = {
  id: 'm-1',
  userId: 'u-1',
  displayName: 'Anna de Vries',
  email: 'anna@example.com',
  role: 'org_admin',
  status: 'active',
  joinedAt: '2026-01-01T00:00:00Z',
  teams: [],
  version: 1,
};

const invitation = (id: string, state: InvitationDto['state']): InvitationDto => ({
  id,
  email: `${id}@example.com`,
  role: 'member',
  state,
  expiresAt: '2026-02-01T00:00:00Z',
  createdAt: '2026-01-25T00:00:00Z',
});

describe('PeopleStore', () => {
  let store: PeopleStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    store = TestBed.inject(PeopleStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('loads members, and for admins the invitations still open', async () => {
    const done = store.load(true);
    expect(store.loading()).toBe(true);
    http
      .expectOne({ method: 'GET', url: '/api/members?limit=200' })
      .flush({ items: [anna], nextCursor: null });
    http
      .expectOne({ method: 'GET', url: '/api/invitations?limit=200' })
      .flush({ items: [invitation('a', 'open'), invitation('b', 'accepted')], nextCursor: null });
    await done;

    expect(store.members()).toEqual([anna]);
    expect(store.invitations().map((item) => item.id)).toEqual(['a']);
    expect(store.loading()).toBe(false);
  });

  it('does not ask for invitations without the right to see them', async () => {
    const done = store.load(false);
    http.expectOne('/api/members?limit=200').flush({ items: [anna], nextCursor: null });
    http.expectNone('/api/invitations?limit=200');
    await done;
    expect(store.invitations()).toEqual([]);
  });

  it('keeps what went wrong as problem details', async () => {
    const done = store.load(false);
    http
      .expectOne('/api/members?limit=200')
      .flush({ title: 'Forbidden', status: 403 }, { status: 403, statusText: 'Forbidden' });
    await done;
    expect(store.error()).toMatchObject({ kind: 'http', status: 403, title: 'Forbidden' });
  });

  it('invites and lists the new invitation first', async () => {
    const done = store.invite({ email: 'sam@example.com', role: 'member', locale: 'nl' });
    const request = http.expectOne({ method: 'POST', url: '/api/invitations' });
    expect(request.request.body).toEqual({ email: 'sam@example.com', role: 'member', locale: 'nl' });
    request.flush(invitation('sam', 'open'), { status: 201, statusText: 'Created' });
    await expect(done).resolves.toMatchObject({ id: 'sam' });
    expect(store.invitations()[0].id).toBe('sam');
  });
});
