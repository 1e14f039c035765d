// The form helpers, also an entry of their own (forms.ts) for pages that need nothing else of the kit.
export * from './forms';
export { StatusChipComponent, phaseOf } from './lib/status-chip.component';
export { downloadText } from './lib/download';
export { MoneyPipe } from './lib/money.pipe';
export { PageHeaderComponent } from './lib/page-header.component';
export { NativeFieldDirective } from './lib/native-field.directive';
export { ConfirmActionComponent } from './lib/confirm-action.component';
export {
  RHYTHM_FREQUENCIES,
  RhythmFieldsComponent,
  describeRhythm,
  onWeekday,
  rhythmBody,
  rhythmFieldsAt,
  rhythmForm,
} from './lib/rhythm-fields.component';
export type { RhythmBody, RhythmForm, RhythmFrequency, RhythmValue } from './lib/rhythm-fields.component';
