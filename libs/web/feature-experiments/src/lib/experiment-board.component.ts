import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { MatTabLink, MatTabNav, MatTabNavPanel } from '@angular/material/tabs';
import { RouterLink } from '@angular/router';
import { Status, Transition } from '@kaizen/shared/domain-experiment';
import type { ExperimentSummaryDto } from '@kaizen/web/data-access-api/operations';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';
import { BoardCardFacts, boardCardFacts } from './board-card-facts';
import { boardColumns, boardMove, heldRelations } from './board-moves';

/** Below this width the board shows one stage at a time, chosen with tabs. */
const phoneQuery = '(max-width: 767.98px)';

export interface BoardMove {
  readonly item: ExperimentSummaryDto;
  readonly transition: Transition;
}

/**
 * Experiments in columns by stage. A card can be dropped only on the column its next allowed
 * step leads to (the lifecycle in domain-experiment decides); the container makes the move.
 * Each card also offers its next steps as buttons, for keyboards and touch screens. On a phone
 * the board shows one stage at a time behind tabs with counts; on a desktop the columns scroll
 * sideways inside the board.
 *
 * Native HTML drag and drop rather than the CDK's: the CDK's drag-drop pulls rxjs schedulers
 * that the bundler hoists into the initial bundle (about 4 kB), which its 350 kB budget cannot take.
 */
@Component({
  selector: 'kz-experiment-board',
  imports: [FORMAT_PIPES, MatTabLink, NgTemplateOutlet, MatTabNav, MatTabNavPanel, RouterLink, TranslatePipe],
  templateUrl: './experiment-board.component.html',
  styleUrl: './experiment-board.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExperimentBoardComponent {
  readonly items = input.required<readonly ExperimentSummaryDto[]>();
  readonly membershipId = input<string | null>(null);
  readonly role = input<string | null>(null);
  /** Ids of cards being moved right now: they cannot be dragged again until the API answers. */
  readonly busy = input<readonly string[]>([]);

  readonly move = output<BoardMove>();

  /** The card being dragged, and the column it hovers over when that column would take it. */
  protected readonly dragging = signal<ExperimentSummaryDto | null>(null);
  protected readonly over = signal<string | null>(null);

  protected readonly columns = computed(() =>
    boardColumns.map((column) => ({
      ...column,
      items: this.items().filter((item) => column.statuses.includes(item.status)),
    })),
  );

  /** True on a phone-wide screen: one stage at a time. */
  protected readonly phone = signal(false);
  private readonly chosenStage = signal<string | null>(null);
  /** The stage a phone shows: the one chosen, else the first that holds cards. */
  protected readonly stage = computed(
    () =>
      this.chosenStage() ??
      this.columns().find((column) => column.items.length > 0)?.key ??
      this.columns()[0].key,
  );
  protected readonly shownColumns = computed(() =>
    this.phone() ? this.columns().filter((column) => column.key === this.stage()) : this.columns(),
  );

  /** Days in stage and what each card waits for, as of when the board opened. */
  private readonly now = new Date();
  protected readonly facts = computed(
    () =>
      new Map<string, BoardCardFacts>(this.items().map((item) => [item.id, boardCardFacts(item, this.now)])),
  );

  constructor() {
    if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(phoneQuery);
    const follow = () => this.phone.set(query.matches);
    follow();
    query.addEventListener('change', follow);
    inject(DestroyRef).onDestroy(() => query.removeEventListener('change', follow));
  }

  protected chooseStage(key: string): void {
    this.chosenStage.set(key);
  }

  /** The steps a card can take by a drag, also offered as buttons. */
  protected nextMoves(item: ExperimentSummaryDto): { to: string; transition: Transition }[] {
    const held = heldRelations(item.ownerId, this.membershipId(), this.role());
    return boardColumns
      .map((column) => ({ to: column.key, transition: boardMove(item.status, column.statuses, held) }))
      .filter((m): m is { to: string; transition: Transition } => m.transition !== null);
  }

  protected movable(item: ExperimentSummaryDto): boolean {
    return !this.busy().includes(item.id) && this.nextMoves(item).length > 0;
  }

  protected start(event: DragEvent, item: ExperimentSummaryDto): void {
    if (!this.movable(item)) {
      event.preventDefault();
      return;
    }
    event.dataTransfer?.setData('text/plain', item.id);
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
    this.dragging.set(item);
  }

  /** Allowing the drop (preventDefault) only where the lifecycle leads is what makes other columns refuse it. */
  protected hover(event: DragEvent, column: { key: string; statuses: readonly Status[] }): void {
    if (this.transitionInto(column.statuses)) {
      event.preventDefault();
      this.over.set(column.key);
    }
  }

  protected leave(column: { key: string }): void {
    if (this.over() === column.key) this.over.set(null);
  }

  protected drop(event: DragEvent, column: { statuses: readonly Status[] }): void {
    event.preventDefault();
    const item = this.dragging();
    const transition = this.transitionInto(column.statuses);
    this.end();
    if (item && transition) this.move.emit({ item, transition });
  }

  protected end(): void {
    this.dragging.set(null);
    this.over.set(null);
  }

  private transitionInto(statuses: readonly Status[]): Transition | null {
    const item = this.dragging();
    if (!item || statuses.includes(item.status)) return null;
    return boardMove(item.status, statuses, heldRelations(item.ownerId, this.membershipId(), this.role()));
  }
}
