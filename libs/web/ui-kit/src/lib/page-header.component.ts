import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The head of every page: its one h1, an optional intro line, and the page's main actions
 * (projected) on the right, wrapping below the title on a phone. Give the page section
 * `aria-labelledby` the same `headingId`.
 */
@Component({
  selector: 'kz-page-header',
  template: `
    <div class="kz-page-header__text">
      <h1 class="kz-page-header__title" [id]="headingId()" data-testid="page-title">{{ heading() }}</h1>
      @if (intro(); as intro) {
        <p class="kz-page-header__intro">{{ intro }}</p>
      }
    </div>
    <div class="kz-page-header__actions"><ng-content /></div>
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      justify-content: space-between;
      gap: var(--kz-space-3) var(--kz-space-4);
      padding-bottom: var(--kz-space-3);
      border-bottom: var(--kz-card-border);
    }
    .kz-page-header__text {
      display: grid;
      gap: var(--kz-space-1);
      flex: 1 1 240px;
      min-width: 0;
    }
    .kz-page-header__title {
      margin: 0;
      font: var(--kz-font-page-title);
      overflow-wrap: anywhere;
    }
    .kz-page-header__intro {
      margin: 0;
      max-width: 70ch;
      color: var(--mat-sys-on-surface-variant);
      font: var(--kz-font-meta);
    }
    .kz-page-header__actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--kz-space-2);
    }
    .kz-page-header__actions:empty {
      display: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PageHeaderComponent {
  /** The page's title, already in the reader's language. */
  readonly heading = input.required<string>();
  readonly headingId = input<string | null>(null);
  readonly intro = input<string | null>(null);
}
