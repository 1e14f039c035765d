import { ChangeDetectionStrategy, Component, effect, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { ConfirmActionComponent, FieldErrorPipe } from '@kaizen/web/ui-kit';

export type UnitEditorMode = 'idle' | 'rename' | 'archive';

/**
 * A department's or team's name (and a muted detail) with its Rename and Archive buttons: renaming swaps the name for a field,
 * archiving asks first. Presentational: the page does the work and says which mode the row is in.
 */
@Component({
  selector: 'kz-unit-editor',
  imports: [
    ConfirmActionComponent,
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    ReactiveFormsModule,
    TranslatePipe,
  ],
  template: `
    @switch (mode()) {
      @case ('rename') {
        <form class="kz-unit__rename" [formGroup]="form" (ngSubmit)="save()" novalidate>
          <mat-form-field appearance="outline">
            <mat-label>{{ 'admin.newName' | translate: { name: name() } }}</mat-label>
            <input matInput formControlName="name" data-testid="rename-input" />
            <mat-error>{{ form.controls.name | kzFieldError }}</mat-error>
          </mat-form-field>
          <button mat-flat-button type="submit" data-testid="rename-save">
            {{ 'common.save' | translate }}
          </button>
          <button mat-button type="button" (click)="modeChange.emit('idle')">
            {{ 'common.cancel' | translate }}
          </button>
        </form>
      }
      @case ('archive') {
        @if (named()) {
          <span [class.kz-unit__name--strong]="strong()">{{ name() }}</span>
        }
        <kz-confirm-action
          testId="archive"
          [question]="'admin.archiveConfirm' | translate: { name: name() }"
          [action]="'admin.archive' | translate"
          (confirmed)="archive.emit()"
          (cancelled)="modeChange.emit('idle')"
        />
      }
      @default {
        @if (named()) {
          <span>
            <span [class.kz-unit__name--strong]="strong()">{{ name() }}</span>
            @if (detail()) {
              <span class="kz-muted"> {{ detail() }}</span>
            }
          </span>
        }
        <span class="kz-unit__actions">
          <button
            mat-button
            type="button"
            data-testid="rename-unit"
            [attr.aria-label]="'admin.renameNamed' | translate: { name: name() }"
            (click)="modeChange.emit('rename')"
          >
            {{ 'admin.rename' | translate }}
          </button>
          <button
            mat-button
            type="button"
            class="kz-danger"
            data-testid="archive-unit"
            [attr.aria-label]="'admin.archiveNamed' | translate: { name: name() }"
            (click)="modeChange.emit('archive')"
          >
            {{ 'admin.archive' | translate }}
          </button>
        </span>
      }
    }
  `,
  styleUrl: './unit-editor.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnitEditorComponent {
  readonly name = input.required<string>();
  /** Shown muted after the name, e.g. the department a team is in. */
  readonly detail = input('');
  readonly strong = input(false);
  /** False where the row shows the name itself (the structure tree's toggle): only the actions then. */
  readonly named = input(true);
  readonly mode = input<UnitEditorMode>('idle');
  readonly modeChange = output<UnitEditorMode>();
  readonly rename = output<string>();
  readonly archive = output<void>();

  protected readonly form = new FormGroup({
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(200)],
    }),
  });

  constructor() {
    // Each rename starts from the current name.
    effect(() => {
      if (this.mode() === 'rename') this.form.reset({ name: this.name() });
    });
  }

  protected save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.rename.emit(this.form.getRawValue().name.trim());
  }
}
