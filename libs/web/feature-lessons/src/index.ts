export { lessonsRoutes } from './lib/lessons.routes';
