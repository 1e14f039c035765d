import { Injectable, inject } from '@angular/core';
import { Api, InvitationPreviewDto } from '@kaizen/web/data-access-api';
import { previewInvitation, requestPasswordReset } from '@kaizen/web/data-access-api/operations';

/**
 * Account requests that need no session: what an invitation offers, and a password-reset mail.
 * Kept out of the SessionStore so that only the account pages' chunk carries them.
 */
@Injectable({ providedIn: 'root' })
export class AccountRequests {
  private readonly api = inject(Api);

  previewInvitation(token: string): Promise<InvitationPreviewDto> {
    return this.api.invoke(previewInvitation, { token });
  }

  requestPasswordReset(email: string): Promise<void> {
    return this.api.invoke(requestPasswordReset, { body: { email } });
  }
}
