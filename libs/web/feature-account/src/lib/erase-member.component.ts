import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
  afterNextRender,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { MemberDto, toApiProblem } from '@kaizen/web/data-access-api';
import { PeopleStore } from '@kaizen/web/data-access-people';
import { FieldErrorPipe, FormMessage, MessagePipe, applyProblem } from '@kaizen/web/ui-kit';

/** Compared as the API compares: case and surrounding or repeated spaces do not count. */
const normalName = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** The API's refusals of an erasure (409), by its sentence, in the reader's language. */
const REFUSALS: readonly (readonly [RegExp, string])[] = [
  [/active admin/i, 'people.erase.lastAdmin'],
  [/another organisation/i, 'people.erase.otherOrganisation'],
  [/erased already/i, 'people.erase.already'],
];

/** The confirmation before erasing a person: their name typed again, for it cannot be undone. */
@Component({
  selector: 'kz-erase-member',
  imports: [
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    ReactiveFormsModule,
    TranslatePipe,
  ],
  template: `
    <section
      class="kz-erase"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="kz-erase-title"
      aria-describedby="kz-erase-explain"
      (keydown.escape)="cancelled.emit()"
      data-testid="erase-dialog"
    >
      <h3 id="kz-erase-title">{{ 'people.erase.title' | translate: { name: member().displayName } }}</h3>
      <div id="kz-erase-explain">
        <p>{{ 'people.erase.explain' | translate }}</p>
        <p>
          <strong>{{ 'people.erase.irreversible' | translate }}</strong>
        </p>
      </div>
      @if (message(); as message) {
        <p class="kz-erase__alert" role="alert" data-testid="erase-error">{{ message | kzMessage }}</p>
      }
      <form [formGroup]="form" (ngSubmit)="erase()" novalidate>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'people.erase.typeName' | translate: { name: member().displayName } }}</mat-label>
          <input
            #nameInput
            matInput
            formControlName="confirmName"
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            data-testid="erase-confirm-name"
          />
          <mat-error>{{ form.controls.confirmName | kzFieldError }}</mat-error>
        </mat-form-field>
        <div class="kz-erase__actions">
          <button
            mat-flat-button
            class="kz-erase__confirm"
            type="submit"
            [disabled]="!matches() || busy()"
            [attr.aria-busy]="busy()"
            data-testid="erase-confirm"
          >
            {{ 'people.erase.confirm' | translate: { name: member().displayName } }}
          </button>
          <button mat-button type="button" (click)="cancelled.emit()" data-testid="erase-cancel">
            {{ 'common.cancel' | translate }}
          </button>
        </div>
      </form>
    </section>
  `,
  styles: `
    .kz-erase {
      display: grid;
      gap: 8px;
      padding: 16px;
      border: 2px solid var(--mat-sys-error);
      border-radius: 12px;

      h3,
      p {
        margin: 0;
      }
    }

    mat-form-field {
      width: 100%;
    }

    .kz-erase__alert {
      padding: 12px 16px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }

    .kz-erase__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-top: 8px;
    }

    .kz-erase__confirm:not(:disabled) {
      --mdc-filled-button-container-color: var(--mat-sys-error);
      --mdc-filled-button-label-text-color: var(--mat-sys-on-error);
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EraseMemberComponent {
  private readonly people = inject(PeopleStore);
  readonly member = input.required<MemberDto>();
  readonly erased = output<MemberDto>();
  readonly cancelled = output<void>();

  protected readonly form = inject(NonNullableFormBuilder).group({ confirmName: [''] });
  private readonly typed = toSignal(this.form.controls.confirmName.valueChanges, { initialValue: '' });
  protected readonly matches = computed(
    () =>
      normalName(this.typed()) !== '' && normalName(this.typed()) === normalName(this.member().displayName),
  );
  protected readonly busy = signal(false);
  protected readonly message = signal<FormMessage | null>(null);
  private readonly nameInput = viewChild.required<ElementRef<HTMLInputElement>>('nameInput');

  constructor() {
    afterNextRender(() => this.nameInput().nativeElement.focus());
  }

  protected async erase(): Promise<void> {
    if (!this.matches() || this.busy()) return;
    this.busy.set(true);
    this.message.set(null);
    try {
      await this.people.erase(this.member(), this.form.getRawValue().confirmName);
      this.erased.emit(this.member());
    } catch (error) {
      const problem = toApiProblem(error);
      const refusal =
        problem.status === 409 ? REFUSALS.find(([sentence]) => sentence.test(problem.detail ?? '')) : null;
      this.message.set(
        refusal
          ? { key: refusal[1] }
          : applyProblem(this.form, problem, { conflict: 'people.erase.refused' }),
      );
    } finally {
      this.busy.set(false);
    }
  }
}
