import type { FieldErrorDto } from './problem-details';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The one rule for accepted text: PostgreSQL cannot store NUL, and a lone UTF-16 surrogate would be written as
 * U+FFFD. Such text is refused, never rewritten, so what is accepted comes back byte for byte.
 */
export function textProblem(text: string, field: string): FieldErrorDto | null {
  if (text.includes('\u0000'))
    return { field, rule: 'noNul', message: `${field || 'the value'} must not contain the NUL character` };
  if (LONE_SURROGATE.test(text)) {
    return {
      field,
      rule: 'wellFormedText',
      message: `${field || 'the value'} must be well-formed Unicode (it holds a lone UTF-16 surrogate)`,
    };
  }
  return null;
}

/** Every string in a parsed value (object keys included) that breaks the text rule, named by its dotted path. */
export function textProblemsIn(value: unknown, path = ''): FieldErrorDto[] {
  const problems: FieldErrorDto[] = [];
  const stack: Array<[unknown, string]> = [[value, path]];
  while (stack.length > 0) {
    const [item, at] = stack.pop() as [unknown, string];
    if (typeof item === 'string') {
      const problem = textProblem(item, at);
      if (problem) problems.push(problem);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        const childPath = at ? `${at}.${key}` : key;
        const keyProblem = textProblem(key, childPath);
        if (keyProblem) problems.push(keyProblem);
        else stack.push([child, childPath]);
      }
    }
  }
  return problems.reverse();
}
