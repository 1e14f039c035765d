import { Routes } from '@angular/router';

/** Members and invitations; the app guards it with `permitted('members.read')`. */
export const peopleRoutes: Routes = [
  { path: '', loadComponent: () => import('./people-page.component').then((m) => m.PeoplePageComponent) },
];
