import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { toApiProblem } from '@kaizen/web/data-access-api';
import { ApiTokensStore, type ApiTokenKind } from '@kaizen/web/data-access-api-tokens';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { API_TOKEN_DEFAULT_DAYS, grantableScopes, type Permission } from '@kaizen/shared/domain-access';
import { FormMessage, MessagePipe, fieldProblemMessage, problemMessage } from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';

const lifetimes = [30, API_TOKEN_DEFAULT_DAYS, 365];

/** One kind of API token: its list, revoking, and a form to make one (the token is shown once). */
@Component({
  selector: 'kz-api-token-list',
  imports: [
    FORMAT_PIPES,
    FormsModule,
    MatButton,
    MatCheckbox,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    TranslatePipe,
  ],
  providers: [ApiTokensStore],
  styleUrl: './api-tokens.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kz-page__section" [attr.aria-labelledby]="'kz-tokens-' + kind()">
      <h2 [id]="'kz-tokens-' + kind()">{{ 'apiTokens.' + kind() + '.title' | translate }}</h2>
      <p class="kz-muted">{{ 'apiTokens.' + kind() + '.intro' | translate }}</p>
      @if (store.error(); as problem) {
        <p class="kz-alert" role="alert">{{ problemText(problem) | kzMessage }}</p>
      }
      @if (shown(); as token) {
        <div class="kz-notice" role="status" [attr.data-testid]="'token-shown-' + kind()">
          <p>{{ 'apiTokens.shownOnce' | translate }}</p>
          <p class="kz-secret">{{ token }}</p>
        </div>
      }
      @if (!store.loaded()) {
        <p role="status">{{ 'common.loading' | translate }}</p>
      } @else if (store.items().length === 0) {
        <p class="kz-empty">{{ 'apiTokens.empty' | translate }}</p>
      } @else {
        <ul class="kz-list" [attr.data-testid]="'tokens-' + kind()">
          @for (token of store.items(); track token.id) {
            <li class="kz-card">
              <div class="kz-inline">
                <h3>{{ token.name }}</h3>
                <span class="kz-meta">{{ 'apiTokens.status.' + token.status | translate }}</span>
              </div>
              <p class="kz-secret">{{ token.hint }}</p>
              <p class="kz-meta">{{ token.scopes.join(', ') }}</p>
              <p class="kz-meta">
                {{ 'apiTokens.expires' | translate: { date: (token.expiresAt | kzDate: 'date') } }} ·
                @if (token.lastUsedAt) {
                  {{ 'apiTokens.lastUsed' | translate: { date: (token.lastUsedAt | kzDate: 'short') } }}
                } @else {
                  {{ 'apiTokens.neverUsed' | translate }}
                }
                @if (kind() === 'organisation') {
                  · {{ 'apiTokens.madeBy' | translate: { name: token.createdByName } }}
                }
              </p>
              @if (token.status === 'active') {
                <div class="kz-actions">
                  <button mat-stroked-button type="button" (click)="revoke(token)">
                    {{ 'apiTokens.revoke' | translate }}
                  </button>
                </div>
              }
            </li>
          }
        </ul>
      }

      <form class="kz-card" (ngSubmit)="create()" [attr.aria-labelledby]="'kz-new-token-' + kind()">
        <h3 [id]="'kz-new-token-' + kind()">{{ 'apiTokens.new' | translate }}</h3>
        <div class="kz-row">
          <mat-form-field appearance="outline">
            <mat-label>{{ 'apiTokens.name' | translate }}</mat-label>
            <input
              matInput
              name="name"
              [(ngModel)]="name"
              required
              maxlength="100"
              data-testid="token-name"
            />
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ 'apiTokens.lifetime' | translate }}</mat-label>
            <select matNativeControl name="lifetime" [(ngModel)]="days">
              @for (option of lifetimes; track option) {
                <option [ngValue]="option">{{ 'apiTokens.days' | translate: { days: option } }}</option>
              }
            </select>
          </mat-form-field>
        </div>
        <fieldset class="kz-scopes">
          <legend>{{ 'apiTokens.scopes' | translate }}</legend>
          @for (scope of scopes(); track scope) {
            <mat-checkbox
              [name]="scope"
              [ngModel]="chosen().includes(scope)"
              (ngModelChange)="toggle(scope, $event)"
              >{{ scope }}</mat-checkbox
            >
          }
        </fieldset>
        @if (message(); as m) {
          <p class="kz-alert" role="alert">{{ m | kzMessage }}</p>
        }
        <div class="kz-actions">
          <button mat-flat-button type="submit" [attr.data-testid]="'create-token-' + kind()">
            {{ 'apiTokens.create' | translate }}
          </button>
        </div>
      </form>
    </section>
  `,
})
export class ApiTokenListComponent implements OnInit {
  readonly kind = input.required<ApiTokenKind>();
  protected readonly store = inject(ApiTokensStore);
  private readonly session = inject(SessionStore);
  protected readonly problemText = problemMessage;
  protected readonly lifetimes = lifetimes;
  /** What a token may carry: the permissions of my role, never the right to make tokens. */
  protected readonly scopes = computed(() => {
    const role = this.session.role();
    return role ? grantableScopes(role) : [];
  });
  protected name = '';
  protected days = API_TOKEN_DEFAULT_DAYS;
  protected readonly chosen = signal<Permission[]>([]);
  protected readonly shown = signal<string | null>(null);
  protected readonly message = signal<FormMessage | null>(null);

  ngOnInit(): void {
    void this.store.load(this.kind());
  }

  protected toggle(scope: Permission, on: boolean): void {
    this.chosen.update((chosen) =>
      on ? [...new Set([...chosen, scope])] : chosen.filter((s) => s !== scope),
    );
  }

  protected async create(): Promise<void> {
    this.message.set(null);
    try {
      const created = await this.store.create({
        name: this.name.trim(),
        scopes: this.chosen(),
        expiresInDays: this.days,
      });
      this.shown.set(created.token);
      this.name = '';
      this.chosen.set([]);
    } catch (error) {
      const problem = toApiProblem(error);
      this.message.set(problem.errors[0] ? fieldProblemMessage(problem.errors[0]) : problemMessage(problem));
    }
  }

  protected async revoke(token: Parameters<ApiTokensStore['revoke']>[0]): Promise<void> {
    this.message.set(null);
    try {
      await this.store.revoke(token);
    } catch (error) {
      this.message.set(problemMessage(toApiProblem(error)));
    }
  }
}
