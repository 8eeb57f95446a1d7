/**
 * Reads and checks the values the H5 form posted against the card's declared inputs. Nothing
 * the browser sends is trusted: options must be declared ones, `max` and `maxLength` hold,
 * required inputs are filled, dates are real `YYYY-MM-DD` days not before `min`. Empty
 * optional inputs are left out (as on the console).
 * @module
 */
import { isIsoDate, type CardForm, type CardInput } from '../../../cards/card.ts';

export type FormValues = Record<string, string | string[]>;
export type FormValueError = 'required' | 'unknown_option' | 'not_single' | 'too_many' | 'too_long' | 'bad_date' | 'too_early';

export interface FormCheck {
  /** Valid values by input id (multi-selects as arrays); only meaningful when `errors` is empty. */
  values: FormValues;
  /** Errors by input id. */
  errors: Record<string, FormValueError>;
  /** What was posted, normalised, by input id: shown again when the page is re-rendered. */
  echo: Record<string, string[]>;
}

/** The form field name of an input; prefixed so no input id can clash with the token field `t`. */
export function fieldName(input: CardInput): string {
  return `f:${input.id}`;
}

/** Length in code points: never more than the UTF-16 units a browser's maxlength counts. */
export function textLength(text: string): number {
  return [...text].length;
}

/** Browsers post textarea line breaks as CRLF; a single-line input gets no line breaks at all. */
function normaliseText(raw: string, multiline: boolean): string {
  const text = raw.replace(/\r\n?/g, '\n');
  return (multiline ? text : text.replace(/\n+/g, ' ')).trim();
}

export function checkFormValues(form: CardForm, body: URLSearchParams): FormCheck {
  // Input ids come from card data: null-prototype maps, so an id like `__proto__` stays a plain key.
  const values = Object.create(null) as FormValues;
  const errors = Object.create(null) as Record<string, FormValueError>;
  const echo = Object.create(null) as Record<string, string[]>;
  for (const input of form.inputs) {
    const posted = body.getAll(fieldName(input));
    if (input.kind === 'text') {
      const text = normaliseText(posted.join('\n'), input.multiline === true);
      echo[input.id] = [text];
      if (input.maxLength !== undefined && textLength(text) > input.maxLength) errors[input.id] = 'too_long';
      else if (text === '' && input.required) errors[input.id] = 'required';
      else if (text !== '') values[input.id] = text;
      continue;
    }
    if (input.kind === 'date') {
      // <input type="date"> always posts YYYY-MM-DD; anything else was typed into a browser without a picker, or forged.
      const day = posted.join('').trim();
      echo[input.id] = [day];
      if (day === '') {
        if (input.required) errors[input.id] = 'required';
      } else if (!isIsoDate(day)) errors[input.id] = 'bad_date';
      else if (input.min !== undefined && isIsoDate(input.min) && day < input.min) errors[input.id] = 'too_early';
      else values[input.id] = day;
      continue;
    }
    const declared = new Set(input.options.map((o) => o.value));
    const picked = [...new Set(posted.filter((v) => v !== ''))];
    echo[input.id] = picked.filter((v) => declared.has(v));
    if (picked.some((v) => !declared.has(v))) errors[input.id] = 'unknown_option';
    else if (picked.length === 0) {
      if (input.required) errors[input.id] = 'required';
    } else if (input.kind === 'select') {
      if (picked.length > 1) errors[input.id] = 'not_single';
      else values[input.id] = picked[0] as string;
    } else if (input.max !== undefined && picked.length > input.max) errors[input.id] = 'too_many';
    // In the declared order, whatever order the browser posted them in.
    else values[input.id] = input.options.map((o) => o.value).filter((v) => picked.includes(v));
  }
  return { values: { ...values }, errors, echo };
}
