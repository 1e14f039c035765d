import { ChangeDetectionStrategy, Component, ElementRef, inject } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiProblem } from './form-problems';
import { FormSubmit } from './form-submit';
import { RhythmBody, RhythmFieldsComponent, rhythmBody, rhythmForm } from './rhythm-fields.component';
import { provideWebTesting, settle, testDom } from '../testing';

/** A host as the cadences page and a programme's rhythm are: the form, its submit, and the shared fields. */
@Component({
  imports: [ReactiveFormsModule, RhythmFieldsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="save()">
      <kz-rhythm-fields [form]="form" testIdPrefix="rhythm" />
      <button type="submit" data-testid="save">Save</button>
    </form>
  `,
})
class HostComponent {
  readonly form = rhythmForm(inject(NonNullableFormBuilder), {
    frequency: 'weekly',
    weekday: 1,
    dayOfMonth: 1,
    hour: 14,
  });
  readonly sent: RhythmBody[] = [];
  refusal: ApiProblem | null = null;
  private readonly submit = new FormSubmit(this.form, {
    toProblem: (error) => error as ApiProblem,
    host: inject<ElementRef<HTMLElement>>(ElementRef).nativeElement,
  });

  save(): Promise<boolean> {
    return this.submit.run(async () => {
      if (this.refusal) throw this.refusal;
      this.sent.push(rhythmBody(this.form));
    });
  }
}

describe('RhythmFieldsComponent', () => {
  let fixture: ComponentFixture<HostComponent>;
  let host: HostComponent;
  const { byTestId, choose, errorOf, find, type } = testDom(() => fixture.nativeElement);

  async function update(): Promise<void> {
    await settle();
    await fixture.whenStable();
    await settle();
  }

  async function save(): Promise<void> {
    byTestId<HTMLButtonElement>('save').click();
    await update();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideWebTesting() });
    fixture = TestBed.createComponent(HostComponent);
    host = fixture.componentInstance;
    fixture.detectChanges();
    await update();
  });

  it('asks a weekly rhythm for its weekday and a monthly one for its day, and sends only that one', async () => {
    expect(find('rhythm-weekday')).not.toBeNull();
    expect(find('rhythm-day')).toBeNull();
    choose('rhythm-frequency', 'Every month');
    await update();
    expect(find('rhythm-weekday')).toBeNull();
    type('rhythm-day', '3');
    type('rhythm-hour', '10');
    await save();
    expect(host.sent).toEqual([{ frequency: 'monthly', hour: 10, dayOfMonth: 3 }]);
  });

  it('keeps the day of the month and the hour within their bounds beside the fields, and sends nothing', async () => {
    choose('rhythm-frequency', 'Every quarter');
    await update();
    type('rhythm-day', '31');
    type('rhythm-hour', '24');
    await save();
    expect(errorOf('rhythm-day')).toBe('Choose a whole number from 1 to 28.');
    expect(errorOf('rhythm-hour')).toBe('Choose a whole number from 0 to 23.');
    expect(document.activeElement).toBe(byTestId('rhythm-day'));
    expect(host.sent).toEqual([]);
  });

  it('a hidden day never blocks a submit: a bad day of the month is dropped with the switch to weekly', async () => {
    choose('rhythm-frequency', 'Every month');
    await update();
    type('rhythm-day', '31');
    choose('rhythm-frequency', 'Every two weeks');
    await update();
    choose('rhythm-weekday', 'Wednesday');
    await save();
    expect(host.sent).toEqual([{ frequency: 'biweekly', hour: 14, weekday: 3 }]);
  });

  it('shows each field the API refused beside its control', async () => {
    host.refusal = {
      kind: 'http',
      status: 400,
      title: 'Bad Request',
      detail: null,
      retryAfterSeconds: null,
      errors: [
        { field: 'weekday', rule: 'max', message: 'weekday must not be greater than 7' },
        { field: 'hour', rule: 'max', message: 'hour must not be greater than 23' },
      ],
    };
    await save();
    expect(errorOf('rhythm-weekday')).toBe('weekday must not be greater than 7');
    expect(errorOf('rhythm-hour')).toBe('hour must not be greater than 23');
  });
});
