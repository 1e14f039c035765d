import {
  Relation,
  Status,
  Transition,
  availableTransitions,
  transitionRules,
} from '@kaizen/shared/domain-experiment';

/** How the signed-in person relates to a card, as far as the board can tell from a summary. */
export function heldRelations(
  ownerId: string,
  membershipId: string | null | undefined,
  role: string | null,
): Relation[] {
  const held: Relation[] = [];
  if (membershipId && ownerId === membershipId) held.push('owner');
  if (role === 'org_admin') held.push('org_admin');
  if (role === 'team_lead') held.push('team_lead');
  return held;
}

/**
 * The transition that dragging a card from `from` into the column `to` means, if the lifecycle
 * allows this person to take it from the board. Decisions on a proposal (approve, reject, request
 * changes) belong in the inbox, beside the envelope; transitions that need a reason (stop) on the
 * detail page: neither is taken by a drag.
 */
export function boardMove(
  from: Status,
  to: Status | readonly Status[],
  held: readonly Relation[],
): Transition | null {
  const targets: readonly Status[] = typeof to === 'string' ? [to] : to;
  return (
    availableTransitions(from, held).find((t) => {
      const rule: { to: Status; by: readonly Relation[]; reasonRequired: boolean } = transitionRules[t];
      return targets.includes(rule.to) && !rule.reasonRequired && !rule.by.includes('approver');
    }) ?? null
  );
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
