import {
  ChangeDetectionStrategy,
  Component,
  OnInit,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { MetricsDto } from '@kaizen/web/data-access-api/operations';
import { StructureStore } from '@kaizen/web/data-access-admin';
import { ComparisonMetric, Period, RollupScope, RollupsStore } from '@kaizen/web/data-access-rollups';
import {
  FormMessage,
  MessagePipe,
  downloadText,
  problemMessage,
  PageHeaderComponent,
} from '@kaizen/web/ui-kit';
import {
  FORMAT_PIPES,
  Formats,
  LanguageService,
  localeOf,
  TranslatePipe,
  TranslateService,
} from '@kaizen/web/util-i18n';
import { FunnelChartComponent, type FunnelChartLabels } from './funnel-chart.component';
import { ChartSeries, TrendChartComponent } from './trend-chart.component';

/** Figures shown as tiles, with how each is formatted. */
const TILES: readonly { key: keyof MetricsDto; format: 'count' | 'share' | 'decimal' }[] = [
  { key: 'started', format: 'count' },
  { key: 'concluded', format: 'count' },
  { key: 'learned', format: 'count' },
  { key: 'loopClosureRate', format: 'share' },
  { key: 'validatedImprovements', format: 'count' },
  { key: 'dataBackedImprovements', format: 'count' },
  { key: 'improvementRate', format: 'decimal' },
  { key: 'learningVelocityDays', format: 'decimal' },
  { key: 'knowledgeSpread', format: 'count' },
  { key: 'participation', format: 'share' },
  { key: 'doubleLoopShare', format: 'share' },
];

const COMPARISON_METRICS: readonly ComparisonMetric[] = [
  'improvementRate',
  'loopClosureRate',
  'participation',
];

const PERIOD_COUNT: Record<Period, number> = { week: 12, month: 6, quarter: 4, year: 3 };

/** Team, department and organisation dashboards, and the department comparison, with CSV. */
@Component({
  selector: 'kz-dashboards-page',
  imports: [
    PageHeaderComponent,
    FORMAT_PIPES,
    FunnelChartComponent,
    MatButton,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    RouterLink,
    TranslatePipe,
    TrendChartComponent,
  ],
  templateUrl: './dashboards-page.component.html',
  styleUrl: './dashboards-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardsPageComponent implements OnInit {
  /** Query parameters: `scope` is `organisation`, `department:<id>` or `team:<id>`. */
  readonly scope = input<string | undefined>(undefined);
  readonly period = input<string | undefined>(undefined);
  readonly metric = input<string | undefined>(undefined);

  protected readonly store = inject(RollupsStore);
  protected readonly structure = inject(StructureStore);
  protected readonly language = inject(LanguageService);
  private readonly formats = inject(Formats);
  private readonly translate = inject(TranslateService);
  private readonly router = inject(Router);

  protected readonly tiles = TILES;
  protected readonly metrics = COMPARISON_METRICS;
  protected readonly periods: readonly Period[] = ['week', 'month', 'quarter', 'year'];
  protected readonly message = signal<FormMessage | null>(null);

  protected readonly chosenScope = computed<RollupScope>(() => parseScope(this.scope()));
  protected readonly chosenPeriod = computed<Period>(() =>
    this.periods.includes(this.period() as Period) ? (this.period() as Period) : 'month',
  );
  protected readonly chosenMetric = computed<ComparisonMetric>(() =>
    COMPARISON_METRICS.includes(this.metric() as ComparisonMetric)
      ? (this.metric() as ComparisonMetric)
      : 'improvementRate',
  );
  protected readonly scopeValue = computed(() => this.scope() ?? 'organisation');

  /** The latest period's figures, and the one before for context. */
  protected readonly latest = computed(() => this.store.series()?.series.at(-1)?.metrics ?? null);
  protected readonly previous = computed(() => this.store.series()?.series.at(-2)?.metrics ?? null);
  /** No experiment moved in any period shown: an empty chart frame would say nothing. */
  protected readonly quiet = computed(() =>
    (this.store.series()?.series ?? []).every(
      (p) => !p.metrics.started && !p.metrics.concluded && !p.metrics.learned,
    ),
  );
  protected readonly labels = computed(() =>
    (this.store.series()?.series ?? []).map((p) => this.periodLabel(p.periodStart)),
  );
  protected readonly chartSeries = computed<ChartSeries[]>(() => {
    this.translate.currentLang(); // re-label on a language switch
    const series = this.store.series()?.series ?? [];
    return (['started', 'concluded', 'learned'] as const).map((key) => ({
      label: this.translate.instant(`dashboards.metrics.${key}`) as string,
      values: series.map((p) => p.metrics[key]),
    }));
  });
  protected readonly funnelLabels = computed<FunnelChartLabels>(() => {
    this.translate.currentLang(); // re-label on a language switch
    const t = (key: string) => this.translate.instant(`dashboards.funnel.${key}`) as string;
    return {
      departments: t('departments'),
      target: t('target'),
      limits95: t('limits95'),
      limits998: t('limits998'),
      exposure: t(`exposure.${this.chosenMetric()}`),
      value: this.translate.instant(`dashboards.metrics.${this.chosenMetric()}`) as string,
    };
  });
  protected readonly loadError = computed(() => {
    const problem = this.store.error();
    return problem
      ? problemMessage(problem, { forbidden: 'dashboards.forbidden', notFound: 'dashboards.notFound' })
      : null;
  });

  constructor() {
    effect(() => {
      const scope = this.chosenScope();
      const period = this.chosenPeriod();
      const metric = this.chosenMetric();
      untracked(
        () =>
          void this.store.load(
            scope,
            period,
            PERIOD_COUNT[period],
            scope.level === 'organisation' ? metric : null,
          ),
      );
    });
  }

  ngOnInit(): void {
    void this.structure.load();
  }

  protected choose(changes: Record<string, string | null>): void {
    void this.router.navigate([], { queryParams: changes, queryParamsHandling: 'merge', replaceUrl: true });
  }

  /** How a tile's figure moved since the period before: up, down or level, with the previous figure; null without one. */
  protected change(
    key: keyof MetricsDto,
    format: 'count' | 'share' | 'decimal',
  ): { direction: 'up' | 'down' | 'level'; previous: string } | null {
    const now = this.latest()?.[key];
    const before = this.previous()?.[key];
    if (now === null || now === undefined || before === null || before === undefined) return null;
    return {
      direction: now > before ? 'up' : now < before ? 'down' : 'level',
      previous: this.format(before, format),
    };
  }

  protected format(value: number | null | undefined, format: 'count' | 'share' | 'decimal'): string {
    if (format === 'share') return this.formats.percent(value);
    return this.formats.number(value, format === 'count' ? 0 : 1);
  }

  protected periodLabel(start: string): string {
    const locale = localeOf(this.language.current());
    const date = new Date(`${start.slice(0, 10)}T00:00:00Z`);
    const period = this.chosenPeriod();
    if (period === 'year') return String(date.getUTCFullYear());
    if (period === 'quarter') return `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${date.getUTCFullYear()}`;
    if (period === 'month')
      return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
        date,
      );
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
  }

  protected async exportCsv(comparison: boolean): Promise<void> {
    this.message.set(null);
    const period = this.chosenPeriod();
    try {
      const csv = comparison
        ? await this.store.exportComparisonCsv(period, PERIOD_COUNT[period], this.chosenMetric())
        : await this.store.exportCsv(this.chosenScope(), period, PERIOD_COUNT[period]);
      downloadText(
        csv,
        comparison ? 'department-comparison.csv' : `${this.chosenScope().level}-dashboard.csv`,
      );
    } catch (error) {
      this.message.set(problemMessage(toApiProblem(error)));
    }
  }
}

function parseScope(value: string | undefined): RollupScope {
  const [level, id] = (value ?? '').split(':');
  return (level === 'department' || level === 'team') && id ? { level, id } : { level: 'organisation' };
}
