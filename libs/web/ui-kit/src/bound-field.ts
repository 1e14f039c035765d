// The sign-in page's fields alone. Through the forms barrel (which the experiments list takes its messages from)
// the bundler made the list download whatever the fields import.
export { BoundFieldDirective } from './lib/bound-field.directive';
export { TextControl, TextForm, textRules } from './lib/text-form';
export type { TextRule } from './lib/text-form';
