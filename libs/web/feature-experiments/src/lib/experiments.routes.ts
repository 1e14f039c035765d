import { Routes } from '@angular/router';
import { readAhead } from '@kaizen/web/data-access-api';
import { readExperimentListAhead } from '@kaizen/web/data-access-experiments/read-ahead';
import { texts } from '@kaizen/web/util-i18n';

/**
 * List and board, the guided form (new and edit), and one experiment: each page a lazy chunk of its own. The list
 * needs only the `experiments` texts its parent route loads; the other pages name the rest.
 */
export const experimentsRoutes: Routes = [
  {
    path: '',
    data: readAhead(readExperimentListAhead),
    loadComponent: () => import('./experiments-page.component').then((m) => m.ExperimentsPageComponent),
  },
  {
    path: 'new',
    title: 'titles.newExperiment',
    canActivate: [texts('experiment', 'measures', 'decisions', 'approvals')],
    loadComponent: () =>
      import('./experiment-form-page.component').then((m) => m.ExperimentFormPageComponent),
  },
  {
    path: ':id/edit',
    title: 'titles.editExperiment',
    canActivate: [texts('experiment', 'measures', 'decisions', 'approvals')],
    loadComponent: () =>
      import('./experiment-form-page.component').then((m) => m.ExperimentFormPageComponent),
  },
  {
    path: ':id',
    title: 'titles.experiment',
    canActivate: [texts('experiment', 'measures', 'decisions', 'approvals')],
    loadComponent: () =>
      import('./experiment-detail-page.component').then((m) => m.ExperimentDetailPageComponent),
  },
];
