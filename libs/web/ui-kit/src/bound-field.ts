// The bound field alone: it imports @angular/forms, and through the forms barrel (which the experiments list takes
// its messages from) the bundler made the list download the forms code too (149 -> 159 kB).
export { BoundFieldDirective } from './lib/bound-field.directive';
