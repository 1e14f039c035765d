// The list's read ahead alone, for the experiments' route table in the initial bundle: through the barrel it would
// bring every store of the library there.
import type { ReadAhead } from '@kaizen/web/data-access-api';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { ExperimentsStore, experimentListFilter } from './lib/experiments.store';

/** The experiments list's first page, read once the session is restored, as the page will ask for it. */
export const readExperimentListAhead: ReadAhead = async (injector, query) => {
  const session = injector.get(SessionStore);
  await session.restore();
  if (!session.signedIn()) return;
  const filter = experimentListFilter(
    {
      view: query.get('view'),
      status: query.get('status'),
      teamId: query.get('teamId'),
      q: query.get('q'),
      mine: query.get('mine'),
    },
    session.me()?.membershipId ?? null,
  );
  injector.get(ExperimentsStore).readAhead(filter);
};
