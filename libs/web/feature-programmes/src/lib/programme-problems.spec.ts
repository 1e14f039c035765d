import { describe, expect, it } from 'vitest';
import type { ApiProblem } from '@kaizen/web/data-access-api';
import { programmeMessage, worded } from './programme-problems';

const problem = (rule: string, status = 409): ApiProblem => ({
  kind: 'http',
  status,
  title: null,
  detail: 'parentId lies under the node itself: the tree would have a cycle',
  errors: [{ field: 'parentId', rule, message: 'parentId lies under the node itself' }],
  retryAfterSeconds: null,
});

describe('programme refusals in the page’s language', () => {
  it('words a known tree rule by its key, never by the API’s English sentence', () => {
    expect(programmeMessage(problem('noCycle'))).toEqual({ key: 'programmes.rules.noCycle' });
    const translate = { instant: (key: string) => `«${key}»` } as never;
    expect(worded(problem('changeIdeaUnderDriver', 400), translate).errors[0].message).toBe(
      '«programmes.rules.changeIdeaUnderDriver»',
    );
  });

  it('leaves other problems to what their status means', () => {
    expect(programmeMessage(problem('somethingElse', 403), { forbidden: 'programmes.forbidden' })).toEqual({
      key: 'programmes.forbidden',
    });
    const translate = { instant: () => 'x' } as never;
    expect(worded(problem('isUuid', 400), translate).errors[0].message).toBe(
      'parentId lies under the node itself',
    );
  });
});
