export { MyWorkComponent } from './lib/my-work.component';
