import type { Status } from '@kaizen/shared/domain-experiment';

/** What a card on the board is waiting for before it can move on; null when it is finished. */
export type BoardWait =
  'proposal' | 'changes' | 'approval' | 'start' | 'checkIn' | 'result' | 'lesson' | 'closing';

/** The fields of an experiment summary the facts are read from. */
export interface BoardCardSource {
  readonly status: Status;
  /** The last change of the experiment; a change of stage is one. */
  readonly updatedAt: string;
  /** The planned last day, `YYYY-MM-DD`. */
  readonly plannedEnd: string | null;
}

export interface BoardCardFacts {
  /** Whole days since the card last changed: its days in this stage, as the summary can tell. */
  readonly daysInStage: number;
  readonly waitsFor: BoardWait | null;
}

const dayMs = 24 * 60 * 60 * 1000;

/** How long a card has been where it is and what it waits for, from an experiment summary. */
export function boardCardFacts(source: BoardCardSource, now: Date): BoardCardFacts {
  const since = Date.parse(source.updatedAt);
  const daysInStage = Number.isNaN(since) ? 0 : Math.max(0, Math.floor((now.getTime() - since) / dayMs));
  return { daysInStage, waitsFor: waitsFor(source, now) };
}

function waitsFor(source: BoardCardSource, now: Date): BoardWait | null {
  switch (source.status) {
    case 'draft':
      return 'proposal';
    case 'changes_requested':
      return 'changes';
    case 'proposed':
      return 'approval';
    case 'approved':
      return 'start';
    case 'running':
      return source.plannedEnd !== null && pastPlannedEnd(source.plannedEnd, now) ? 'result' : 'checkIn';
    case 'concluded':
    case 'stopped':
      return 'lesson';
    case 'learned':
      return 'closing';
    case 'closed':
    case 'rejected':
      return null;
  }
}

/** The plan's last day is a calendar day: it is over once that whole day (in UTC, as stored) has passed. */
function pastPlannedEnd(plannedEnd: string, now: Date): boolean {
  const end = Date.parse(`${plannedEnd.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(end) && now.getTime() >= end + dayMs;
}
