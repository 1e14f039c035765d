import { Routes } from '@angular/router';
import { ExperimentDetailPageComponent } from './experiment-detail-page.component';
import { ExperimentFormPageComponent } from './experiment-form-page.component';
import { ExperimentsPageComponent } from './experiments-page.component';

/** List and board, the guided form (new and edit), and one experiment. One lazy chunk. */
export const experimentsRoutes: Routes = [
  { path: '', component: ExperimentsPageComponent },
  { path: 'new', title: 'titles.newExperiment', component: ExperimentFormPageComponent },
  { path: ':id/edit', title: 'titles.editExperiment', component: ExperimentFormPageComponent },
  { path: ':id', title: 'titles.experiment', component: ExperimentDetailPageComponent },
];
