import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { TimelineEventDto } from '@kaizen/web/data-access-api/operations';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';

export type PdcaPhase = 'plan' | 'do' | 'check' | 'act';

/** Which PDCA phase an event belongs to: the timeline reads as the loop it went through. */
export function phaseOfEvent(event: Pick<TimelineEventDto, 'type' | 'transition'>): PdcaPhase {
  switch (event.type) {
    case 'check_in':
      return 'do';
    case 'result_recorded':
      return 'check';
    case 'lesson_captured':
    case 'adopted':
      return 'act';
    case 'transition':
      switch (event.transition) {
        case 'start':
        case 'stop':
          return 'do';
        case 'conclude':
          return 'check';
        case 'learn':
        case 'close':
          return 'act';
        default:
          return 'plan';
      }
    default:
      return 'plan';
  }
}

/** The experiment's events, oldest first, each tagged with its PDCA phase. */
@Component({
  selector: 'kz-pdca-timeline',
  imports: [FORMAT_PIPES, TranslatePipe],
  template: `
    <ol class="kz-timeline" data-testid="timeline">
      @for (event of entries(); track event.id) {
        <li class="kz-timeline__item" [attr.data-phase]="event.phase">
          <span class="kz-timeline__phase">{{ 'pdca.' + event.phase | translate }}</span>
          <div class="kz-timeline__body">
            <span class="kz-timeline__what">
              @if (event.type === 'transition' && event.transition) {
                {{ 'timeline.transition.' + event.transition | translate }}
              } @else {
                {{ 'timeline.' + event.type | translate }}
              }
            </span>
            <span class="kz-timeline__meta">
              {{ event.actorName ?? ('timeline.system' | translate) }} ·
              {{ event.occurredAt | kzDate }}
            </span>
            @if (event.reason) {
              <q class="kz-timeline__reason">{{ event.reason }}</q>
            }
          </div>
        </li>
      } @empty {
        <li class="kz-timeline__meta">{{ 'timeline.empty' | translate }}</li>
      }
    </ol>
  `,
  styles: `
    .kz-timeline {
      display: grid;
      gap: 0;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .kz-timeline__item {
      display: grid;
      grid-template-columns: 72px minmax(0, 1fr);
      gap: 12px;
      padding: 8px 0;
      border-left: 3px solid var(--mat-sys-outline-variant);
      padding-left: 12px;
    }
    .kz-timeline__item[data-phase='do'] {
      border-left-color: var(--mat-sys-primary);
    }
    .kz-timeline__item[data-phase='check'] {
      border-left-color: var(--mat-sys-tertiary);
    }
    .kz-timeline__item[data-phase='act'] {
      border-left-color: var(--mat-sys-secondary);
    }
    .kz-timeline__phase {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
      text-transform: uppercase;
    }
    .kz-timeline__body {
      display: grid;
      gap: 2px;
      min-width: 0;
    }
    .kz-timeline__what {
      font: var(--mat-sys-title-small);
    }
    .kz-timeline__meta {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .kz-timeline__reason {
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PdcaTimelineComponent {
  readonly events = input.required<readonly TimelineEventDto[]>();
  readonly language = input('en');
  protected readonly entries = computed(() =>
    this.events().map((event) => ({ ...event, phase: phaseOfEvent(event) })),
  );
}
