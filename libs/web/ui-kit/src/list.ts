// What a list page shows, for the experiments list (a page a first load lands on): through the barrel, every ui-kit
// module counts as reachable, so the bundler put these in one chunk with the rhythm fields and the confirm dialog,
// which bring @angular/forms and MatInput, and opening the list downloaded them all.
export { PageHeaderComponent } from './lib/page-header.component';
export { StatusChipComponent } from './lib/status-chip.component';
export { NativeFieldDirective } from './lib/native-field.directive';
export { downloadText } from './lib/download';
