import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { DimensionScoreDto, ScanGroupDto } from '@kaizen/web/data-access-api/scans';
import {
  Formats,
  KzPluralPipe,
  LanguageService,
  localeOf,
  TranslatePipe,
  TranslateService,
} from '@kaizen/web/util-i18n';
import { dimensions, disciplines, successAreas, type Dimension } from '@kaizen/shared/domain-scan';
import { ScanChartComponent, ScanChartSeries } from './scan-chart.component';
import { ScanProfileComponent } from './scan-profile.component';
import { OUTCOME_METRICS, ScanStore } from './scan.store';

/** Results of a closed scan: a radar per group, the trend across scans, and each department beside its roll-ups. */
@Component({
  selector: 'kz-results-page',
  imports: [KzPluralPipe, RouterLink, TranslatePipe, ScanChartComponent, ScanProfileComponent],
  templateUrl: './results-page.component.html',
  styleUrl: './scan-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResultsPageComponent {
  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly store = inject(ScanStore);
  protected readonly language = inject(LanguageService);
  private readonly formats = inject(Formats);
  private readonly translate = inject(TranslateService);

  protected readonly dimensions = dimensions;
  /** The scores table groups the dimensions by framework, each with its plain-words explanation. */
  protected readonly frameworks = [
    { key: 'senge', dimensions: disciplines },
    { key: 'bersin', dimensions: successAreas },
  ] as const;
  protected readonly locale = computed(() => localeOf(this.language.current()));
  protected readonly metrics = OUTCOME_METRICS;
  protected readonly selectedKey = signal<string | null>(null);

  protected readonly groups = computed(() => this.store.results()?.groups ?? []);
  protected readonly threshold = computed(() => this.store.results()?.threshold ?? 5);
  protected readonly organisation = computed(
    () => this.groups().find((g) => g.kind === 'organisation') ?? null,
  );
  protected readonly selected = computed(
    () => this.groups().find((g) => g.key === this.selectedKey()) ?? this.organisation(),
  );
  protected readonly departments = computed(() => this.groups().filter((g) => g.kind === 'department'));

  protected readonly dimensionLabels = computed(() => {
    this.language.current();
    return dimensions.map((d) => this.translate.instant(`scan.dimensions.${d}`) as string);
  });
  protected readonly radarSeries = computed<ScanChartSeries[]>(() => {
    const selected = this.selected();
    const organisation = this.organisation();
    const series: ScanChartSeries[] = [];
    if (selected?.visible) series.push({ label: selected.name, values: valuesOf(selected.scores) });
    if (organisation?.visible && organisation.key !== selected?.key)
      series.push({ label: organisation.name, values: valuesOf(organisation.scores) });
    return series;
  });

  protected readonly trendLabels = computed(() => (this.store.trend()?.points ?? []).map((p) => p.title));
  protected readonly trendSeries = computed<ScanChartSeries[]>(() => {
    this.language.current();
    const points = this.store.trend()?.points ?? [];
    return [
      {
        label: this.translate.instant('scan.frameworks.senge') as string,
        values: points.map((p) => average(p.scores, disciplines)),
      },
      {
        label: this.translate.instant('scan.frameworks.bersin') as string,
        values: points.map((p) => average(p.scores, successAreas)),
      },
    ];
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.selectedKey.set(null);
        void this.store.loadResults(id).then(() => this.loadTrend());
      });
    });
  }

  protected select(key: string): void {
    this.selectedKey.set(key);
    void this.loadTrend();
  }

  private loadTrend(): Promise<void> {
    const key = this.selected()?.key;
    return key ? this.store.loadTrend(key) : Promise.resolve();
  }

  protected indent(group: ScanGroupDto): string {
    let depth = 0;
    for (
      let parent = group.parentKey;
      parent;
      parent = this.groups().find((g) => g.key === parent)?.parentKey ?? null
    )
      depth++;
    return '\u00a0\u00a0'.repeat(depth);
  }

  protected score(group: ScanGroupDto, dimension: Dimension): DimensionScoreDto | undefined {
    return group.scores.find((s) => s.dimension === dimension);
  }

  protected scoreOfPoint(scores: readonly DimensionScoreDto[], dimension: Dimension): number | undefined {
    return scores.find((s) => s.dimension === dimension)?.mean;
  }

  protected frameworkMean(group: ScanGroupDto, framework: 'senge' | 'bersin'): number | null {
    return average(group.scores, framework === 'senge' ? disciplines : successAreas);
  }

  /** A department's latest roll-up figure for one metric, and whether its group is small. */
  protected outcome(
    departmentId: string,
    metric: (typeof OUTCOME_METRICS)[number],
  ): { value: number | null; small: boolean } | null {
    const row = this.store.outcomes()[metric]?.departments.find((d) => d.departmentId === departmentId);
    return row ? { value: row.value, small: row.smallGroup } : null;
  }

  protected number(value: number | null | undefined, digits = 2): string {
    return this.formats.number(value, digits, digits === 2 ? 2 : 0);
  }

  protected percent(value: number | null | undefined): string {
    return this.formats.percent(value);
  }

  protected value(event: Event): string {
    return (event.target as HTMLSelectElement).value;
  }
}

function valuesOf(scores: readonly DimensionScoreDto[]): (number | null)[] {
  return dimensions.map((d) => scores.find((s) => s.dimension === d)?.mean ?? null);
}

function average(scores: readonly DimensionScoreDto[], of: readonly string[]): number | null {
  const means = scores.filter((s) => of.includes(s.dimension)).map((s) => s.mean);
  return means.length ? Math.round((means.reduce((a, b) => a + b, 0) / means.length) * 100) / 100 : null;
}
