export { notificationsRoutes, reviewsRoutes, webhooksRoutes } from './lib/follow-up.routes';
