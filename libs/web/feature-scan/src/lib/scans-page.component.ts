import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnInit,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { AddStatementDto, ScanDto } from '@kaizen/web/data-access-api/scans';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { FormSubmit, MessagePipe, wholeNumberFrom } from '@kaizen/web/ui-kit';
import { Formats, LanguageService, TranslatePipe } from '@kaizen/web/util-i18n';
import {
  dimensions,
  MIN_RESPONSES_CEILING,
  MIN_RESPONSES_FLOOR,
  STATEMENT_MAX_LENGTH,
} from '@kaizen/shared/domain-scan';
import { ScanStore } from './scan.store';

type Note = { key: string; params?: Record<string, unknown> };

/** Every scan with your part in it; admins open scans, remind, close, add statements and set the threshold. */
@Component({
  selector: 'kz-scans-page',
  imports: [
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MessagePipe,
    ReactiveFormsModule,
    RouterLink,
    TranslatePipe,
  ],
  templateUrl: './scans-page.component.html',
  styleUrl: './scan-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScansPageComponent implements OnInit {
  protected readonly store = inject(ScanStore);
  protected readonly session = inject(SessionStore);
  protected readonly language = inject(LanguageService);
  private readonly formats = inject(Formats);

  protected readonly manage = computed(() => this.session.can('scans.manage'));
  protected readonly seeResults = computed(() => this.session.can('scans.results'));
  protected readonly dimensions = dimensions;
  protected readonly floor = MIN_RESPONSES_FLOOR;
  protected readonly ceiling = MIN_RESPONSES_CEILING;
  protected readonly scope = signal<'organisation' | 'departments'>('organisation');
  protected readonly note = signal<Note | null>(null);

  private readonly fb = inject(NonNullableFormBuilder);
  // Each form's element, where focus goes after a refused submit: the page holds three forms.
  private readonly openHost = viewChild<ElementRef<HTMLElement>>('openHost');
  private readonly thresholdHost = viewChild<ElementRef<HTMLElement>>('thresholdHost');
  private readonly statementHost = viewChild<ElementRef<HTMLElement>>('statementHost');
  // Each field shows the page's own sentence for its rule, whether the form or the API found it broken.
  protected readonly openForm = this.fb.group({
    title: ['', [Validators.required, Validators.minLength(3), Validators.maxLength(200)]],
    closesAt: [defaultClose(), Validators.required],
    departmentIds: this.fb.control<string[]>([]),
  });
  protected readonly openSubmit = new FormSubmit(this.openForm, {
    toProblem: toApiProblem,
    host: () => this.openHost()?.nativeElement,
  });
  protected readonly thresholdForm = this.fb.group({
    minResponses: this.fb.control<number | null>(null, [
      Validators.required,
      wholeNumberFrom(MIN_RESPONSES_FLOOR, MIN_RESPONSES_CEILING),
    ]),
  });
  protected readonly thresholdSubmit = new FormSubmit(this.thresholdForm, {
    toProblem: toApiProblem,
    host: () => this.thresholdHost()?.nativeElement,
  });
  private readonly statementText = [
    Validators.required,
    Validators.minLength(10),
    Validators.maxLength(STATEMENT_MAX_LENGTH),
  ];
  protected readonly statementForm = this.fb.group({
    dimension: this.fb.control<AddStatementDto['dimension']>('building_trust'),
    en: ['', this.statementText],
    nl: ['', this.statementText],
  });
  protected readonly statementSubmit = new FormSubmit(this.statementForm, {
    toProblem: toApiProblem,
    host: () => this.statementHost()?.nativeElement,
  });

  async ngOnInit(): Promise<void> {
    await this.reload();
    this.thresholdForm.reset({ minResponses: this.store.settings()?.minResponses ?? null });
  }

  protected reload(): Promise<void> {
    return this.store.loadList(this.manage(), this.seeResults());
  }

  protected chooseScope(scope: 'organisation' | 'departments'): void {
    this.scope.set(scope);
    // A refusal of departments no longer chosen must not block the next submit.
    this.openForm.controls.departmentIds.updateValueAndValidity();
  }

  protected toggle(id: string, on: boolean): void {
    const chosen = this.openForm.controls.departmentIds.value.filter((chosenId) => chosenId !== id);
    this.openForm.controls.departmentIds.setValue(on ? [...chosen, id] : chosen);
  }

  protected async open(): Promise<void> {
    this.note.set(null);
    const { title, closesAt, departmentIds } = this.openForm.getRawValue();
    const closes = new Date(closesAt);
    await this.openSubmit.run(async () => {
      const scan = await this.store.open({
        title: title.trim(),
        closesAt: Number.isNaN(closes.getTime()) ? closesAt : closes.toISOString(),
        ...(this.scope() === 'departments' ? { departmentIds } : {}),
      });
      this.openForm.controls.title.reset('');
      await this.reload();
      this.note.set({ key: 'scan.open.opened', params: { title: scan.title, n: scan.invited } });
    });
  }

  protected async remind(scan: ScanDto): Promise<void> {
    this.note.set(null);
    try {
      const { round } = await this.store.remind(scan.id);
      this.note.set({ key: 'scan.list.remindSent', params: { round } });
      await this.reload();
    } catch (error) {
      this.note.set({ key: 'scan.problem', params: { detail: toApiProblem(error).detail ?? '' } });
    }
  }

  protected async close(scan: ScanDto): Promise<void> {
    this.note.set(null);
    try {
      await this.store.close(scan.id);
      this.note.set({ key: 'scan.list.closedNow', params: { title: scan.title } });
      await this.reload();
    } catch (error) {
      this.note.set({ key: 'scan.problem', params: { detail: toApiProblem(error).detail ?? '' } });
    }
  }

  protected async saveThreshold(): Promise<void> {
    await this.thresholdSubmit.run(async () => {
      const settings = await this.store.setThreshold(Number(this.thresholdForm.getRawValue().minResponses));
      this.store.settings.set(settings);
      this.note.set({ key: 'scan.settings.saved', params: { n: settings.minResponses } });
    });
  }

  protected async addStatement(): Promise<void> {
    const { dimension, en, nl } = this.statementForm.getRawValue();
    await this.statementSubmit.run(async () => {
      const instrument = await this.store.addStatement({ dimension, en: en.trim(), nl: nl.trim() });
      this.store.instrument.set(instrument);
      this.statementForm.reset({ dimension });
      this.note.set({ key: 'scan.statement.added', params: { version: instrument.version } });
    });
  }

  protected date(iso: string): string {
    return this.formats.dateTime(iso);
  }

  protected checked(event: Event): boolean {
    return (event.target as HTMLInputElement).checked;
  }
}

/** Two weeks from now, as a datetime-local value. */
function defaultClose(): string {
  const date = new Date(Date.now() + 14 * 24 * 3600 * 1000);
  date.setMinutes(date.getMinutes() - date.getTimezoneOffset());
  return date.toISOString().slice(0, 16);
}
