import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionInterceptor } from '@kaizen/web/data-access-auth';
import { AccountRequests } from './account-requests';

describe('AccountRequests', () => {
  let http: HttpTestingController;
  let requests: AccountRequests;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([sessionInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    requests = TestBed.inject(AccountRequests);
  });

  afterEach(() => http.verify());

  it('previews invitations and asks for password resets without a token', async () => {
    const preview = requests.previewInvitation('abc/def');
    const previewRequest = http.expectOne('/api/auth/invitations/abc%2Fdef');
    expect(previewRequest.request.headers.has('Authorization')).toBe(false);
    previewRequest.flush({
      organisationName: 'Zorggroep Noord',
      email: 'sam@example.com',
      role: 'member',
      expiresAt: '2030-01-01T00:00:00Z',
      accountExists: false,
    });
    await expect(preview).resolves.toMatchObject({ organisationName: 'Zorggroep Noord' });

    const reset = requests.requestPasswordReset('sam@example.com');
    const resetRequest = http.expectOne({ method: 'POST', url: '/api/auth/password-reset' });
    expect(resetRequest.request.body).toEqual({ email: 'sam@example.com' });
    resetRequest.flush(null, { status: 202, statusText: 'Accepted' });
    await reset;
  });
});
