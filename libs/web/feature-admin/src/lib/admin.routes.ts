import { Routes } from '@angular/router';
import { AdminPageComponent } from './admin-page.component';

export const adminRoutes: Routes = [{ path: '', component: AdminPageComponent }];
