import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { HoldingFormValues } from './form.ts';
import type { FormErrors } from './portfolio.svelte.ts';
import HoldingForm from './HoldingForm.svelte';

const input = (name: string) => screen.getByTestId('add').querySelector<HTMLInputElement>(`[name="${name}"]`)!;

async function type(values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) await fireEvent.input(input(name), { target: { value } });
}

/** A submit whose answer the test decides, to look at the form while it waits. */
function pending() {
  let answer!: (errors: FormErrors | null) => void;
  const onsubmit = vi.fn((_values: HoldingFormValues) => new Promise<FormErrors | null>((resolve) => (answer = resolve)));
  return { onsubmit, answer: (errors: FormErrors | null) => answer(errors) };
}

describe('HoldingForm', () => {
  it('shows each error next to its field and keeps what was typed', async () => {
    const submit = pending();
    render(HoldingForm, { submitLabel: 'Add', onsubmit: submit.onsubmit, testid: 'add' });
    await type({ symbol: 'AMD', quantity: '0', costPerShare: '1e3' });
    await fireEvent.submit(screen.getByTestId('add'));
    expect(submit.onsubmit).toHaveBeenCalledWith(expect.objectContaining({ symbol: 'AMD', quantity: '0', costPerShare: '1e3' }));
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Add' }).disabled).toBe(true);

    submit.answer({ quantity: 'must be greater than zero', costPerShare: 'no exponent form' });
    expect(await screen.findByTestId('error-quantity')).toHaveProperty('textContent', 'must be greater than zero');
    expect(screen.getByTestId('error-costPerShare').textContent).toBe('no exponent form');
    expect(screen.queryByTestId('error-symbol')).toBeNull();
    expect(input('quantity').getAttribute('aria-invalid')).toBe('true');
    expect(input('symbol').getAttribute('aria-invalid')).toBe('false');
    expect(input('quantity').value).toBe('0');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Add' }).disabled).toBe(false);
  });

  it('shows an error without a field as an alert on the form, and clears errors and inputs once saved', async () => {
    const submit = pending();
    render(HoldingForm, { submitLabel: 'Add', onsubmit: submit.onsubmit, testid: 'add' });
    await type({ symbol: 'AMD', quantity: '1', costPerShare: '2' });
    await fireEvent.submit(screen.getByTestId('add'));
    submit.answer({ form: 'Could not reach the server: Failed to fetch' });
    expect((await screen.findByRole('alert')).textContent).toBe('Could not reach the server: Failed to fetch');

    await fireEvent.submit(screen.getByTestId('add'));
    submit.answer(null);
    await vi.waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(input('symbol').value).toBe('');
  });

  it('says what it added, and puts the cursor back in the first field for the next holding', async () => {
    const submit = pending();
    render(HoldingForm, { submitLabel: 'Add', onsubmit: submit.onsubmit, testid: 'add' });
    await type({ symbol: ' amd', quantity: '10', costPerShare: '100.10' });
    await fireEvent.submit(screen.getByTestId('add'));
    expect(screen.getByRole('status').textContent).toBe('');
    submit.answer(null);
    await vi.waitFor(() => expect(screen.getByRole('status').textContent).toBe('Added 10 AMD at 100.10 a share'));
    expect(document.activeElement).toBe(input('symbol'));

    // a refused add says nothing was added
    await type({ symbol: 'AMD', quantity: '0', costPerShare: '1' });
    await fireEvent.submit(screen.getByTestId('add'));
    submit.answer({ quantity: 'must be greater than zero' });
    await screen.findByTestId('error-quantity');
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('keeps an edit form filled after saving, and offers Cancel', async () => {
    const oncancel = vi.fn();
    const initial = { symbol: 'MSFT', quantity: '5', costPerShare: '310', note: '', acquiredOn: '' };
    render(HoldingForm, { initial, submitLabel: 'Save', onsubmit: async () => null, oncancel, testid: 'add' });
    expect(input('quantity').value).toBe('5');
    await fireEvent.submit(screen.getByTestId('add'));
    await vi.waitFor(() => expect(input('symbol').value).toBe('MSFT'));
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(oncancel).toHaveBeenCalledOnce();
  });

  it('puts focus in its first field when opened for editing, and Escape cancels it', async () => {
    const oncancel = vi.fn();
    const initial = { symbol: 'MSFT', quantity: '5', costPerShare: '310', note: '', acquiredOn: '' };
    render(HoldingForm, { initial, submitLabel: 'Save', onsubmit: async () => null, oncancel, testid: 'add', autofocus: true });
    await vi.waitFor(() => expect(document.activeElement).toBe(input('symbol')));
    await fireEvent.keyDown(input('quantity'), { key: 'Escape' });
    expect(oncancel).toHaveBeenCalledOnce();
  });
});
