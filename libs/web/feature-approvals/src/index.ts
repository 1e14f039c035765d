export { approvalsRoutes } from './lib/approvals.routes';
