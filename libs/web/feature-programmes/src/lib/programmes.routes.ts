import { Routes } from '@angular/router';
import { ProgrammePageComponent } from './programme-page.component';
import { ProgrammesPageComponent } from './programmes-page.component';

/** The programmes (the portfolio for heads and admins) and one programme with its driver diagram. One lazy chunk. */
export const programmesRoutes: Routes = [
  { path: '', component: ProgrammesPageComponent },
  { path: ':id', title: 'titles.programme', component: ProgrammePageComponent },
];
