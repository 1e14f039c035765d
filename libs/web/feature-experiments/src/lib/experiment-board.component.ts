import { CdkDrag, CdkDragDrop, CdkDropList, CdkDropListGroup } from '@angular/cdk/drag-drop';
import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { Status, Transition } from '@kaizen/shared/domain-experiment';
import type { ExperimentSummaryDto } from '@kaizen/web/data-access-api/operations';
import { boardColumns, boardMove, heldRelations } from './board-moves';

export interface BoardMove {
  readonly item: ExperimentSummaryDto;
  readonly transition: Transition;
}

/**
 * Experiments in columns by stage. A card can be dropped only on the column its next allowed
 * step leads to (the lifecycle in domain-experiment decides); the container makes the move.
 */
@Component({
  selector: 'kz-experiment-board',
  imports: [CdkDrag, CdkDropList, CdkDropListGroup, RouterLink, TranslatePipe],
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

  protected readonly columns = computed(() =>
    boardColumns.map((column) => ({ ...column, items: this.items().filter((item) => column.statuses.includes(item.status)) })),
  );

  /** Bound per column, so the drop list can ask whether this card may enter it. */
  protected readonly canEnter = computed(() => {
    const membershipId = this.membershipId();
    const role = this.role();
    const predicates = new Map<string, (drag: CdkDrag<ExperimentSummaryDto>) => boolean>();
    for (const column of boardColumns) {
      predicates.set(column.key, (drag) => {
        const item = drag.data;
        return column.statuses.includes(item.status) || boardMove(item.status, column.statuses, heldRelations(item.ownerId, membershipId, role)) !== null;
      });
    }
    return predicates;
  });

  /** The steps a card can take by a drag, also offered as buttons (for keyboards and phones). */
  protected nextMoves(item: ExperimentSummaryDto): { to: string; transition: Transition }[] {
    const held = heldRelations(item.ownerId, this.membershipId(), this.role());
    return boardColumns
      .map((column) => ({ to: column.key, transition: boardMove(item.status, column.statuses, held) }))
      .filter((m): m is { to: string; transition: Transition } => m.transition !== null);
  }

  protected dropped(event: CdkDragDrop<readonly Status[], readonly Status[], ExperimentSummaryDto>): void {
    if (event.previousContainer === event.container) return;
    const item = event.item.data;
    const transition = boardMove(item.status, event.container.data, heldRelations(item.ownerId, this.membershipId(), this.role()));
    if (transition) this.move.emit({ item, transition });
  }
}
