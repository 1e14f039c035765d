export { scanRoutes } from './lib/scan.routes';
