import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { CHART_PALETTE } from '@kaizen/web/ui-kit/chart';
import { KzNumberPipe, TranslatePipe } from '@kaizen/web/util-i18n';
import { ScanChartComponent, type ScanChartSeries } from './scan-chart.component';
import { RADAR_MIN_WIDTH, scalePosition, wrapLabel } from './scan-profile';

/**
 * A group's profile over the dimensions: a radar where there is room for its names, and on a narrow
 * screen a dot plot whose names are plain, wrapping text. Both share the colours of the legend;
 * the second series is also drawn as a hollow diamond, so it differs by shape, not only by colour.
 */
@Component({
  selector: 'kz-scan-profile',
  imports: [KzNumberPipe, ScanChartComponent, TranslatePipe],
  template: `
    @if (narrow()) {
      <p class="kz-dots__scale kz-muted" aria-hidden="true">
        <span>1 · {{ 'scan.scale.1' | translate }}</span
        ><span>5 · {{ 'scan.scale.5' | translate }}</span>
      </p>
      <ul class="kz-dots" data-testid="profile-dots" [attr.aria-label]="label()">
        @for (name of labels(); track $index; let i = $index) {
          <li class="kz-dots__row">
            <span class="kz-dots__label" data-testid="profile-label">{{ name }}</span>
            <span class="kz-dots__values">
              @for (s of series(); track $index; let j = $index) {
                <span class="kz-dots__value" [class.kz-dots__value--second]="j > 0">
                  <span class="kz-visually-hidden">{{ s.label }}: </span>{{ s.values[i] | kzNumber: 2 : 2 }}
                </span>
              }
            </span>
            <span class="kz-dots__track" aria-hidden="true">
              @for (s of series(); track $index; let j = $index) {
                @let left = position(s.values[i]);
                @if (left !== null) {
                  <span
                    class="kz-dots__dot"
                    [class.kz-dots__dot--second]="j > 0"
                    [style.left.%]="left"
                    [style.--kz-dot]="colour(j)"
                  ></span>
                }
              }
            </span>
          </li>
        }
      </ul>
    } @else {
      <kz-scan-chart
        type="radar"
        [labels]="wrapped()"
        [series]="series()"
        [label]="label()"
        [locale]="locale()"
      />
    }
    @if (narrow() && series().length > 0) {
      <ul class="kz-legend" aria-hidden="true">
        @for (s of series(); track $index; let j = $index) {
          <li>
            <span
              class="kz-dots__dot kz-legend__mark"
              [class.kz-dots__dot--second]="j > 0"
              [style.--kz-dot]="colour(j)"
            ></span>
            {{ s.label }}
          </li>
        }
      </ul>
    }
  `,
  styles: `
    :host {
      display: grid;
      gap: 8px;
      min-width: 0;
    }
    .kz-muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .kz-dots__scale {
      display: flex;
      justify-content: space-between;
      gap: 8px;
      margin: 0;
      font: var(--mat-sys-body-small);
    }
    .kz-dots {
      display: grid;
      gap: 12px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .kz-dots__row {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 2px 12px;
      align-items: baseline;
    }
    .kz-dots__label {
      font: var(--mat-sys-body-medium);
      overflow-wrap: anywhere;
    }
    .kz-dots__values {
      display: inline-flex;
      gap: 8px;
      font: var(--mat-sys-label-large);
      font-variant-numeric: tabular-nums;
    }
    .kz-dots__value--second {
      color: var(--mat-sys-on-surface-variant);
    }
    .kz-dots__track {
      grid-column: 1 / -1;
      position: relative;
      height: 16px;
      margin: 0 7px;
      background:
        linear-gradient(var(--mat-sys-outline), var(--mat-sys-outline)) center / 100% 2px no-repeat,
        repeating-linear-gradient(to right, var(--mat-sys-outline) 0 1px, transparent 1px calc(25% - 0.25px))
          center / 100% 10px no-repeat;
    }
    .kz-dots__dot {
      position: absolute;
      top: 50%;
      width: 14px;
      height: 14px;
      box-sizing: border-box;
      border-radius: 50%;
      background: var(--kz-dot);
      border: 2px solid var(--mat-sys-surface);
      transform: translate(-50%, -50%);
    }
    .kz-dots__dot--second {
      border-radius: 2px;
      background: var(--mat-sys-surface);
      border: 3px solid var(--kz-dot);
      transform: translate(-50%, -50%) rotate(45deg) scale(0.85);
    }
    .kz-legend {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      margin: 0;
      padding: 0;
      list-style: none;
      font: var(--mat-sys-body-medium);
    }
    .kz-legend li {
      display: inline-flex;
      align-items: center;
      gap: 8px;
    }
    .kz-legend__mark {
      position: static;
      transform: none;
      display: inline-block;
    }
    .kz-legend__mark.kz-dots__dot--second {
      transform: rotate(45deg) scale(0.85);
    }
    .kz-visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScanProfileComponent {
  /** The dimensions' names, in the order of the series' values. */
  readonly labels = input.required<readonly string[]>();
  readonly series = input.required<readonly ScanChartSeries[]>();
  /** What the profile shows, for assistive technology. */
  readonly label = input('');
  readonly locale = input('en-GB');

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  /** A first guess from the window, corrected by the profile's own width once it is laid out. */
  protected readonly narrow = signal(typeof window !== 'undefined' && window.innerWidth < 600);
  protected readonly wrapped = computed(() => this.labels().map((name) => wrapLabel(name)));

  constructor() {
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      if (typeof ResizeObserver === 'undefined') return;
      const observer = new ResizeObserver(([entry]) => {
        const width = entry.contentRect.width;
        if (width > 0) this.narrow.set(width < RADAR_MIN_WIDTH);
      });
      observer.observe(this.host.nativeElement);
      destroyRef.onDestroy(() => observer.disconnect());
    });
  }

  protected position(value: number | null | undefined): number | null {
    return scalePosition(value);
  }

  protected colour(index: number): string {
    return CHART_PALETTE[index % CHART_PALETTE.length];
  }
}
