import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { ApiProblem, toApiProblem } from '@kaizen/web/data-access-api';
import type { ScanDto } from '@kaizen/web/data-access-api/scans';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { Formats, LanguageService } from '@kaizen/web/util-i18n';
import { dimensions, MIN_RESPONSES_FLOOR } from '@kaizen/shared/domain-scan';
import { ScanStore } from './scan.store';

type Note = { key: string; params?: Record<string, unknown> };

/** Every scan with your part in it; admins open scans, remind, close, add statements and set the threshold. */
@Component({
  selector: 'kz-scans-page',
  imports: [MatButton, RouterLink, TranslatePipe],
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

  protected readonly title = signal('');
  protected readonly closesAt = signal(defaultClose());
  protected readonly scope = signal<'organisation' | 'departments'>('organisation');
  protected readonly chosen = signal<ReadonlySet<string>>(new Set());
  protected readonly openProblem = signal<ApiProblem | null>(null);
  protected readonly note = signal<Note | null>(null);
  protected readonly busy = signal(false);

  protected readonly threshold = signal<number | null>(null);
  protected readonly thresholdProblem = signal<ApiProblem | null>(null);

  protected readonly dimension = signal<string>('building_trust');
  protected readonly statementEn = signal('');
  protected readonly statementNl = signal('');
  protected readonly statementProblem = signal<ApiProblem | null>(null);

  async ngOnInit(): Promise<void> {
    await this.reload();
    this.threshold.set(this.store.settings()?.minResponses ?? null);
  }

  protected reload(): Promise<void> {
    return this.store.loadList(this.manage(), this.seeResults());
  }

  /** Whether the API named this field; the page words each field's rule in the reader's language. */
  protected hasError(problem: ApiProblem | null, field: string): boolean {
    return problem?.errors.some((e) => e.field === field || e.field.startsWith(`${field}.`)) ?? false;
  }

  protected toggle(id: string, on: boolean): void {
    const next = new Set(this.chosen());
    if (on) next.add(id);
    else next.delete(id);
    this.chosen.set(next);
  }

  protected async open(event: Event): Promise<void> {
    event.preventDefault();
    this.openProblem.set(null);
    this.note.set(null);
    this.busy.set(true);
    try {
      const closes = new Date(this.closesAt());
      const scan = await this.store.open({
        title: this.title(),
        closesAt: Number.isNaN(closes.getTime()) ? this.closesAt() : closes.toISOString(),
        ...(this.scope() === 'departments' ? { departmentIds: [...this.chosen()] } : {}),
      });
      this.title.set('');
      await this.reload();
      this.note.set({ key: 'scan.open.opened', params: { title: scan.title, n: scan.invited } });
    } catch (error) {
      this.openProblem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
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

  protected async saveThreshold(event: Event): Promise<void> {
    event.preventDefault();
    this.thresholdProblem.set(null);
    try {
      const settings = await this.store.setThreshold(Number(this.threshold()));
      this.store.settings.set(settings);
      this.note.set({ key: 'scan.settings.saved', params: { n: settings.minResponses } });
    } catch (error) {
      this.thresholdProblem.set(toApiProblem(error));
    }
  }

  protected async addStatement(event: Event): Promise<void> {
    event.preventDefault();
    this.statementProblem.set(null);
    try {
      const instrument = await this.store.addStatement({
        dimension: this.dimension(),
        en: this.statementEn(),
        nl: this.statementNl(),
      });
      this.store.instrument.set(instrument);
      this.statementEn.set('');
      this.statementNl.set('');
      this.note.set({ key: 'scan.statement.added', params: { version: instrument.version } });
    } catch (error) {
      this.statementProblem.set(toApiProblem(error));
    }
  }

  protected date(iso: string): string {
    return this.formats.dateTime(iso);
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
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
