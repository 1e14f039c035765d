import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnInit,
  computed,
  inject,
  signal,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { roles, type Role } from '@kaizen/shared/domain-access';
import { SSO_SLUG_PATTERN } from '@kaizen/shared/domain-sso';
import { toApiProblem } from '@kaizen/web/data-access-api';
import { SsoSettingsStore, StructureStore } from '@kaizen/web/data-access-admin';
import { FieldErrorPipe, FormMessage, FormSubmit, MessagePipe, problemMessage } from '@kaizen/web/ui-kit';

/** The admin's single sign-on settings: the provider, who may sign in through it, and whether it is required. */
@Component({
  selector: 'kz-sso-settings',
  imports: [
    FieldErrorPipe,
    MatButton,
    MatCheckbox,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MessagePipe,
    ReactiveFormsModule,
    TranslatePipe,
  ],
  template: `
    <section class="kz-card" aria-labelledby="kz-sso-title">
      <h2 id="kz-sso-title">{{ 'admin.sso.title' | translate }}</h2>
      <p class="kz-muted">{{ 'admin.sso.intro' | translate }}</p>
      @if (store.settings(); as current) {
        <p class="kz-muted" data-testid="sso-redirect-uri">
          {{ 'admin.sso.redirectUri' | translate }} <code>{{ current.redirectUri }}</code>
        </p>
      }
      @if (message(); as message) {
        <p class="kz-alert" role="alert">{{ message | kzMessage }}</p>
      }
      @if (saved()) {
        <p class="kz-muted" role="status">{{ 'admin.sso.saved' | translate }}</p>
      }
      <form class="kz-sso-form" [formGroup]="form" (ngSubmit)="save()" novalidate>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'admin.sso.slug' | translate }}</mat-label>
          <input matInput formControlName="slug" autocapitalize="off" data-testid="sso-slug" />
          <mat-hint>{{ 'admin.sso.slugHint' | translate }}</mat-hint>
          <mat-error>{{ form.controls.slug | kzFieldError }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'admin.sso.issuer' | translate }}</mat-label>
          <input matInput type="url" formControlName="issuer" data-testid="sso-issuer" />
          <mat-hint>{{ 'admin.sso.issuerHint' | translate }}</mat-hint>
          <mat-error>{{ form.controls.issuer | kzFieldError }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'admin.sso.clientId' | translate }}</mat-label>
          <input matInput formControlName="clientId" data-testid="sso-client-id" />
          <mat-error>{{ form.controls.clientId | kzFieldError }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'admin.sso.clientSecret' | translate }}</mat-label>
          <input
            matInput
            type="password"
            formControlName="clientSecret"
            autocomplete="off"
            data-testid="sso-client-secret"
          />
          <mat-hint>{{
            (store.settings() ? 'admin.sso.clientSecretKeep' : 'admin.sso.clientSecretHint') | translate
          }}</mat-hint>
          <mat-error>{{ form.controls.clientSecret | kzFieldError }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'admin.sso.allowedDomains' | translate }}</mat-label>
          <input matInput formControlName="allowedDomains" data-testid="sso-domains" />
          <mat-hint>{{ 'admin.sso.allowedDomainsHint' | translate }}</mat-hint>
          <mat-error>{{ form.controls.allowedDomains | kzFieldError }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'admin.sso.defaultRole' | translate }}</mat-label>
          <select matNativeControl formControlName="defaultRole" data-testid="sso-default-role">
            @for (role of roles; track role) {
              <option [value]="role">{{ 'roles.' + role | translate }}</option>
            }
          </select>
        </mat-form-field>
        <mat-checkbox formControlName="required" data-testid="sso-required">
          {{ 'admin.sso.required' | translate }}
        </mat-checkbox>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'admin.sso.breakGlass' | translate }}</mat-label>
          <select matNativeControl formControlName="breakGlassMembershipId" data-testid="sso-break-glass">
            <option value="">{{ 'admin.sso.noBreakGlass' | translate }}</option>
            @for (admin of admins(); track admin.id) {
              <option [value]="admin.id">{{ admin.displayName }}</option>
            }
          </select>
          <mat-hint>{{ 'admin.sso.breakGlassHint' | translate }}</mat-hint>
          <mat-error>{{ form.controls.breakGlassMembershipId | kzFieldError }}</mat-error>
        </mat-form-field>
        <div class="kz-sso-actions">
          <button mat-flat-button type="submit" [disabled]="busy()" data-testid="sso-submit">
            {{ 'common.save' | translate }}
          </button>
          @if (store.settings()) {
            <button
              mat-stroked-button
              type="button"
              [disabled]="busy()"
              (click)="remove()"
              data-testid="sso-remove"
            >
              {{ 'admin.sso.remove' | translate }}
            </button>
          }
        </div>
      </form>
    </section>
  `,
  styleUrl: './sso-settings.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SsoSettingsComponent implements OnInit {
  protected readonly store = inject(SsoSettingsStore);
  private readonly structure = inject(StructureStore);
  protected readonly roles = roles;
  protected readonly admins = computed(() =>
    this.structure.members().filter((m) => m.role === 'org_admin' && m.status === 'active'),
  );
  protected readonly saved = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group({
    slug: ['', [Validators.required, Validators.pattern(SSO_SLUG_PATTERN)]],
    issuer: ['', [Validators.required, Validators.maxLength(500)]],
    clientId: ['', [Validators.required, Validators.maxLength(200)]],
    clientSecret: ['', [Validators.maxLength(500)]],
    allowedDomains: ['', [Validators.required]],
    defaultRole: ['member' as Role],
    required: [false],
    breakGlassMembershipId: [''],
  });
  private readonly submitter = new FormSubmit(this.form, {
    toProblem: toApiProblem,
    context: { conflict: 'admin.sso.slugTaken' },
    host: inject<ElementRef<HTMLElement>>(ElementRef).nativeElement,
  });
  private readonly removing = signal(false);
  /** What the load or the removal said; the save's own message is the submitter's. */
  private readonly notice = signal<FormMessage | null>(null);
  protected readonly busy = computed(() => this.submitter.pending() || this.removing());
  protected readonly message = computed(() => this.notice() ?? this.submitter.message());

  async ngOnInit(): Promise<void> {
    try {
      await this.store.load();
    } catch (error) {
      this.notice.set(problemMessage(toApiProblem(error)));
    }
    const current = this.store.settings();
    if (current) {
      this.form.patchValue({
        ...current,
        clientSecret: '',
        allowedDomains: current.allowedDomains.join(', '),
        breakGlassMembershipId: current.breakGlassMembershipId ?? '',
      });
    }
  }

  protected async save(): Promise<void> {
    this.notice.set(null);
    this.saved.set(false);
    const value = this.form.getRawValue();
    const sent = this.form.valid;
    const done = await this.submitter.run(() =>
      this.store.save({
        slug: value.slug.trim().toLowerCase(),
        issuer: value.issuer.trim(),
        clientId: value.clientId.trim(),
        ...(value.clientSecret ? { clientSecret: value.clientSecret } : {}),
        allowedDomains: value.allowedDomains
          .split(/[\s,;]+/)
          .map((d) => d.trim())
          .filter(Boolean),
        defaultRole: value.defaultRole,
        required: value.required,
        breakGlassMembershipId: value.breakGlassMembershipId || null,
      }),
    );
    this.saved.set(done);
    // A sent secret is never shown again, saved or not.
    if (sent) this.form.controls.clientSecret.reset('');
  }

  protected async remove(): Promise<void> {
    if (this.busy()) return;
    this.removing.set(true);
    this.notice.set(null);
    this.saved.set(false);
    try {
      await this.store.remove();
      this.saved.set(true);
    } catch (error) {
      this.notice.set(problemMessage(toApiProblem(error), { conflict: 'admin.sso.slugTaken' }));
    } finally {
      this.removing.set(false);
    }
  }
}
