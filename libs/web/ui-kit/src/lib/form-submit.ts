import { signal } from '@angular/core';
import { focusFirstInvalid } from './focus-first-invalid';
import {
  ApiProblem,
  FieldProblem,
  FormMessage,
  ProblemContext,
  SubmittableForm,
  applyProblem,
} from './form-problems';

export interface FormSubmitOptions {
  /** Reads what a failed call threw as problem details: data-access-api's `toApiProblem`. */
  readonly toProblem: (error: unknown) => ApiProblem;
  /** What a status means on this form (409: "someone changed it", …). */
  readonly context?: ProblemContext;
  /** API field names that are another control on this form, e.g. `{ actualSpendMinor: 'actualSpend' }`. */
  readonly fields?: Readonly<Record<string, string>>;
  /**
   * The page or form element: focus moves to its first invalid field after a refused submit. On a page with more
   * forms, a function giving this form's element (a `viewChild`, which exists only once the view does).
   */
  readonly host?: HTMLElement | (() => HTMLElement | undefined);
}

/** What one submit may add to the form's options. */
export interface FormSubmitRun {
  /** Said for the form as a whole when every error the API named found its field (e.g. "fix these to propose"). */
  readonly fieldsMessage?: FormMessage;
  /** Further forms the call saves in steps of its own; they must be valid too. */
  readonly steps?: readonly SubmittableForm[];
  /**
   * API fields under a prefix that belong to other forms sent in the same request, e.g. a create that carries
   * `decisionRule.*`: each such error goes beside the control, without the prefix, of the first of them that has it.
   */
  readonly nested?: { readonly prefix: string; readonly forms: readonly SubmittableForm[] };
}

/** Names the form whose request runs next, so a refusal lands on that form's fields. */
export type StepTo = (form: SubmittableForm) => void;

/**
 * A form's submit, written once. An invalid form is marked and focus moves to its first
 * invalid field; the call runs once at a time (`pending`); when the API answers with problem
 * details, each field's error is put beside its control and what names no control is in `message`.
 * `pending` is the submitting state: bind the submit button's `disabled` and `aria-busy` to it.
 */
export class FormSubmit {
  readonly pending = signal(false);
  readonly message = signal<FormMessage | null>(null);

  /**
   * `form` is a reactive form group or a `TextForm`, or a function giving one: a template-driven form's
   * `NgForm.form`, which exists only once its view does.
   */
  constructor(
    private readonly form: SubmittableForm | (() => SubmittableForm),
    private readonly options: FormSubmitOptions,
  ) {}

  /** True when the form was valid and the call worked. */
  async run(call: (stepTo: StepTo) => Promise<unknown>, run: FormSubmitRun = {}): Promise<boolean> {
    if (this.pending()) return false;
    this.message.set(null);
    // The form being submitted holds the focus (its button, or the field Enter was pressed in) until the button is
    // disabled: remember it, so a page-wide host still sends focus to this form's fields, not another form's.
    const submitting = document.activeElement?.closest('form');
    const main = typeof this.form === 'function' ? this.form() : this.form;
    const forms = [main, ...(run.steps ?? [])];
    if (forms.some((form) => form.invalid)) {
      forms.forEach((form) => form.markAllAsTouched());
      this.focus(submitting);
      return false;
    }
    this.pending.set(true);
    let form = main;
    try {
      await call((next) => (form = next));
      return true;
    } catch (error) {
      const problem = this.options.toProblem(error);
      const fields = this.options.fields ?? {};
      const errors = problem.errors.map((fieldProblem) => ({
        ...fieldProblem,
        field: fields[fieldProblem.field] ?? fieldProblem.field,
      }));
      const own = errors.filter((error) => !placeNested(problem, error, run.nested));
      this.message.set(
        own.length < errors.length && own.length === 0
          ? (run.fieldsMessage ?? null)
          : (applyProblem(form, { ...problem, errors: own }, this.options.context) ??
              run.fieldsMessage ??
              null),
      );
      if (errors.length > 0) this.focus(submitting);
      return false;
    } finally {
      this.pending.set(false);
    }
  }

  private focus(submitting: Element | null | undefined): void {
    const host = typeof this.options.host === 'function' ? this.options.host() : this.options.host;
    if (host) focusFirstInvalid(host, submitting && host.contains(submitting) ? submitting : null);
  }
}

/** Puts an error under the nested prefix on the nested form that has its control; false when it belongs elsewhere. */
function placeNested(problem: ApiProblem, error: FieldProblem, nested: FormSubmitRun['nested']): boolean {
  if (!nested || !error.field.startsWith(nested.prefix)) return false;
  const field = error.field.slice(nested.prefix.length);
  const form = nested.forms.find((candidate) => candidate.get(field));
  if (!form) return false;
  applyProblem(form, { ...problem, errors: [{ ...error, field }] });
  return true;
}
