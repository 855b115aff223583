// The add/edit form as plain data: what the inputs hold, the request body they make, and where
// the API's field errors go.
import type { HoldingBody } from './api.ts';

export interface HoldingFormValues {
  symbol: string;
  quantity: string;
  costPerShare: string;
  note: string;
  acquiredOn: string;
}

export const FIELDS = ['symbol', 'quantity', 'costPerShare', 'note', 'acquiredOn'] as const;
export type FieldName = (typeof FIELDS)[number];

export function emptyForm(): HoldingFormValues {
  return { symbol: '', quantity: '', costPerShare: '', note: '', acquiredOn: '' };
}

export function formFrom(h: { symbol: string; quantity: string; costPerShare: string; note: string | null; acquiredOn: string | null }): HoldingFormValues {
  return { symbol: h.symbol, quantity: h.quantity, costPerShare: h.costPerShare, note: h.note ?? '', acquiredOn: h.acquiredOn ?? '' };
}

/**
 * Numbers go as the strings typed (trimmed), so 0.1 stays exactly 0.1; the server does the
 * validating. Empty optional fields clear the value.
 */
export function requestBody(values: HoldingFormValues): HoldingBody {
  return {
    symbol: values.symbol.trim(),
    quantity: values.quantity.trim(),
    costPerShare: values.costPerShare.trim(),
    note: values.note.trim() === '' ? null : values.note.trim(),
    acquiredOn: values.acquiredOn === '' ? null : values.acquiredOn,
  };
}

/** Field messages for display next to each input; anything not tied to a field goes to `form`. */
export function fieldErrors(fields: Record<string, string>, fallback: string): Partial<Record<FieldName | 'form', string>> {
  const out: Partial<Record<FieldName | 'form', string>> = {};
  for (const [key, message] of Object.entries(fields)) {
    if ((FIELDS as readonly string[]).includes(key)) out[key as FieldName] = message;
    else out.form = message;
  }
  if (Object.keys(out).length === 0) out.form = fallback;
  return out;
}
