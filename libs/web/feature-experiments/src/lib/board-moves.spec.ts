import { describe, expect, it } from 'vitest';
import { boardMove, heldRelations } from './board-moves';

describe('moves on the experiment board', () => {
  const owner = heldRelations('m1', 'm1', 'member');

  it('lets the owner move a card one step on where the lifecycle allows it', () => {
    expect(boardMove('draft', 'proposed', owner)).toBe('propose');
    expect(boardMove('approved', 'running', owner)).toBe('start');
    expect(boardMove('running', 'concluded', owner)).toBe('conclude');
    expect(boardMove('concluded', 'learned', owner)).toBe('learn');
    expect(boardMove('stopped', 'learned', owner)).toBe('learn');
  });

  it('refuses skipped steps and moves backwards', () => {
    expect(boardMove('draft', 'running', owner)).toBeNull();
    expect(boardMove('running', 'approved', owner)).toBeNull();
    expect(boardMove('closed', 'draft', owner)).toBeNull();
  });

  it('never approves, rejects or stops by a drag: decisions belong in the inbox, stopping needs a reason', () => {
    const admin = heldRelations('m1', 'm2', 'org_admin');
    expect(boardMove('proposed', 'approved', [...admin, 'approver'])).toBeNull();
    expect(boardMove('running', 'stopped', admin)).toBeNull();
  });

  it('moves into a column that holds several stages, to the one the loop leads to', () => {
    expect(boardMove('concluded', ['closed', 'rejected'], owner)).toBeNull();
    expect(boardMove('running', ['concluded', 'stopped'], owner)).toBe('conclude');
  });

  it('refuses someone else’s card to a plain member', () => {
    expect(boardMove('draft', 'proposed', heldRelations('m1', 'm2', 'member'))).toBeNull();
  });
});
