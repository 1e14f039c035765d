import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { ApiTokenListComponent } from './api-token-list.component';

/** API tokens for integrations: my own, and the organisation's for admins. */
@Component({
  selector: 'kz-api-tokens-page',
  imports: [ApiTokenListComponent, TranslatePipe],
  styleUrl: './api-tokens.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kz-page" aria-labelledby="kz-api-tokens-title">
      <div class="kz-page__head">
        <h1 id="kz-api-tokens-title">{{ 'apiTokens.title' | translate }}</h1>
      </div>
      <p class="kz-muted">{{ 'apiTokens.intro' | translate }}</p>
      <kz-api-token-list kind="personal" />
      @if (session.can('tokens.manage')) {
        <kz-api-token-list kind="organisation" />
      }
    </section>
  `,
})
export class ApiTokensPageComponent {
  protected readonly session = inject(SessionStore);
}
