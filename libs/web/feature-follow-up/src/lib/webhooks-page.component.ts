import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnInit,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { FormsModule, NgForm } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { CreateWebhookDto } from '@kaizen/web/data-access-api/follow-up';
import { WebhooksStore } from '@kaizen/web/data-access-follow-up';
import {
  FieldErrorPipe,
  FormSubmit,
  MessagePipe,
  PageHeaderComponent,
  problemMessage,
} from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';

type WebhookEvent = CreateWebhookDto['events'][number];
const events: WebhookEvent[] = [
  'review.opened',
  'review.closed',
  'approval.escalated',
  'lesson.captured',
  'digest.weekly',
];

/** Outgoing webhooks to Slack or Teams (admins), with deliveries and why one was switched off. */
@Component({
  selector: 'kz-webhooks-page',
  imports: [
    PageHeaderComponent,
    FORMAT_PIPES,
    FormsModule,
    MatButton,
    MatCheckbox,
    FieldErrorPipe,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    TranslatePipe,
  ],
  styleUrl: './follow-up.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kz-page" aria-labelledby="kz-webhooks-title">
      <kz-page-header
        headingId="kz-webhooks-title"
        [heading]="'followUp.webhooks.title' | translate"
        [intro]="'followUp.webhooks.intro' | translate"
      >
      </kz-page-header>
      @if (store.error(); as problem) {
        <p class="kz-alert" role="alert">{{ problemText(problem) | kzMessage }}</p>
      }
      @if (secret(); as s) {
        <div class="kz-notice" role="status" data-testid="webhook-secret">
          <p>{{ 'followUp.webhooks.secretOnce' | translate }}</p>
          <p class="kz-secret">{{ s }}</p>
        </div>
      }
      @if (!store.loaded()) {
        <p role="status">{{ 'common.loading' | translate }}</p>
      } @else if (store.items().length === 0) {
        <p class="kz-empty">{{ 'followUp.webhooks.empty' | translate }}</p>
      } @else {
        <ul class="kz-list" data-testid="webhooks">
          @for (hook of store.items(); track hook.id) {
            <li class="kz-card">
              <div class="kz-inline">
                <h2>{{ hook.name }}</h2>
                <span class="kz-meta"
                  >{{ hook.format === 'slack' ? 'Slack' : 'Microsoft Teams' }} ·
                  {{ (hook.active ? 'followUp.webhooks.on' : 'followUp.webhooks.off') | translate }}</span
                >
              </div>
              <p class="kz-secret">{{ hook.url }}</p>
              @if (hook.disabledReason) {
                <p class="kz-alert" role="alert">
                  {{ 'followUp.webhooks.switchedOff' | translate: { reason: hook.disabledReason } }}
                </p>
              }
              <p class="kz-meta">{{ hook.events.join(', ') }}</p>
              @if (hook.deliveries.length > 0) {
                <h3>{{ 'followUp.webhooks.deliveries' | translate }}</h3>
                <ul class="kz-plain">
                  @for (delivery of hook.deliveries; track delivery.id) {
                    <li>
                      {{ delivery.createdAt | kzDate: 'short' }} · {{ delivery.event }} ·
                      {{ 'followUp.webhooks.status.' + delivery.status | translate }}
                      @if (delivery.lastError) {
                        · {{ delivery.lastError }}
                      }
                    </li>
                  }
                </ul>
              }
              <div class="kz-actions">
                <button mat-stroked-button type="button" (click)="store.setActive(hook, !hook.active)">
                  {{
                    (hook.active ? 'followUp.webhooks.switchOff' : 'followUp.webhooks.switchOn') | translate
                  }}
                </button>
                <button mat-button type="button" (click)="store.remove(hook)">
                  {{ 'followUp.webhooks.delete' | translate }}
                </button>
              </div>
            </li>
          }
        </ul>
      }

      <form class="kz-card" (ngSubmit)="create()" novalidate aria-labelledby="kz-new-webhook-title">
        <h2 id="kz-new-webhook-title">{{ 'followUp.webhooks.new' | translate }}</h2>
        <div class="kz-row">
          <mat-form-field appearance="outline">
            <mat-label>{{ 'followUp.webhooks.name' | translate }}</mat-label>
            <input
              matInput
              name="name"
              [(ngModel)]="name"
              #nameModel="ngModel"
              required
              data-testid="webhook-name"
            />
            <mat-error data-testid="webhook-name-error">{{ nameModel.control | kzFieldError }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" class="kz-full">
            <mat-label>{{ 'followUp.webhooks.url' | translate }}</mat-label>
            <input
              matInput
              name="url"
              type="url"
              [(ngModel)]="url"
              #urlModel="ngModel"
              required
              data-testid="webhook-url"
            />
            <mat-error data-testid="webhook-url-error">{{ urlModel.control | kzFieldError }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ 'followUp.webhooks.format' | translate }}</mat-label>
            <select matNativeControl name="format" [(ngModel)]="format">
              <option value="slack">Slack</option>
              <option value="teams">Microsoft Teams</option>
            </select>
          </mat-form-field>
        </div>
        <fieldset class="kz-inline">
          <legend>{{ 'followUp.webhooks.events' | translate }}</legend>
          @for (event of events; track event) {
            <mat-checkbox
              [name]="event"
              [ngModel]="chosen().includes(event)"
              (ngModelChange)="toggle(event, $event)"
              >{{ 'followUp.webhookEvent.' + event | translate }}</mat-checkbox
            >
          }
        </fieldset>
        @if (message(); as m) {
          <p class="kz-alert" role="alert" data-testid="webhook-error">{{ m | kzMessage }}</p>
        }
        <div class="kz-actions">
          <button
            mat-flat-button
            type="submit"
            [disabled]="submitter.pending()"
            [attr.aria-busy]="submitter.pending()"
            data-testid="create-webhook"
          >
            {{ 'followUp.webhooks.create' | translate }}
          </button>
        </div>
      </form>
    </section>
  `,
})
export class WebhooksPageComponent implements OnInit {
  protected readonly store = inject(WebhooksStore);
  protected readonly problemText = problemMessage;
  protected readonly events = events;
  protected name = '';
  protected url = '';
  protected format: CreateWebhookDto['format'] = 'slack';
  protected readonly chosen = signal<WebhookEvent[]>(['review.closed', 'digest.weekly']);
  protected readonly secret = signal<string | null>(null);
  private readonly ngForm = viewChild.required(NgForm);
  protected readonly submitter = new FormSubmit(() => this.ngForm().form, {
    toProblem: toApiProblem,
    host: inject<ElementRef<HTMLElement>>(ElementRef).nativeElement,
  });
  protected readonly message = this.submitter.message;

  ngOnInit(): void {
    void this.store.load();
  }

  protected toggle(event: WebhookEvent, on: boolean): void {
    this.chosen.update((chosen) =>
      on ? [...new Set([...chosen, event])] : chosen.filter((e) => e !== event),
    );
  }

  protected async create(): Promise<void> {
    await this.submitter.run(async () => {
      const created = await this.store.create({
        name: this.name.trim(),
        url: this.url.trim(),
        format: this.format,
        events: this.chosen(),
      });
      this.secret.set(created.secret);
      this.name = '';
      this.url = '';
      // A fresh form: emptied fields are not "required" errors of the submit that just worked.
      this.ngForm().resetForm({
        name: '',
        url: '',
        format: this.format,
        ...Object.fromEntries(events.map((event) => [event, this.chosen().includes(event)])),
      });
    });
  }
}
