import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { ApiTokenListComponent } from './api-token-list.component';
import { PageHeaderComponent } from '@kaizen/web/ui-kit';

/** API tokens for integrations: my own, and the organisation's for admins. */
@Component({
  selector: 'kz-api-tokens-page',
  imports: [PageHeaderComponent, ApiTokenListComponent, TranslatePipe],
  styleUrl: './api-tokens.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kz-page" aria-labelledby="kz-api-tokens-title">
      <kz-page-header
        headingId="kz-api-tokens-title"
        [heading]="'apiTokens.title' | translate"
        [intro]="'apiTokens.intro' | translate"
      >
      </kz-page-header>
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
