import { Relation, Status, Transition, availableTransitions, transitionRules } from '@kaizen/shared/domain-experiment';

/** How the signed-in person relates to a card, as far as the board can tell from a summary. */
export function heldRelations(ownerId: string, membershipId: string | null | undefined, role: string | null): Relation[] {
  const held: Relation[] = [];
  if (membershipId && ownerId === membershipId) held.push('owner');
  if (role === 'org_admin') held.push('org_admin');
  if (role === 'team_lead') held.push('team_lead');
  return held;
}

/**
 * The transition that dragging a card from `from` into the column `to` means, if the lifecycle
 * allows this person to take it from the board. Transitions that need a reason (approve, reject,
 * request changes, stop) are never taken by a drag: they belong in the inbox or on the detail page.
 */
export function boardMove(from: Status, to: Status | readonly Status[], held: readonly Relation[]): Transition | null {
  const targets: readonly Status[] = typeof to === 'string' ? [to] : to;
  return availableTransitions(from, held).find((t) => targets.includes(transitionRules[t].to) && !transitionRules[t].reasonRequired) ?? null;
}

/** The board's columns: one per stage of the loop, side exits sharing a column with their neighbours. */
export const boardColumns: readonly { key: string; statuses: readonly Status[] }[] = [
  { key: 'plan', statuses: ['draft', 'changes_requested'] },
  { key: 'proposed', statuses: ['proposed'] },
  { key: 'approved', statuses: ['approved'] },
  { key: 'running', statuses: ['running'] },
  { key: 'check', statuses: ['concluded', 'stopped'] },
  { key: 'learned', statuses: ['learned'] },
  { key: 'done', statuses: ['closed', 'rejected'] },
];
