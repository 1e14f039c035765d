import { Routes } from '@angular/router';
import { ApprovalsPageComponent } from './approvals-page.component';

export const approvalsRoutes: Routes = [{ path: '', component: ApprovalsPageComponent }];
