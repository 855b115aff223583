import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import AlertForm from './AlertForm.svelte';
import { emptyForm, type AlertFormErrors, type AlertFormValues } from './form.ts';

const field = (name: string) => screen.getByTestId('f').querySelector<HTMLInputElement & HTMLSelectElement>(`[name="${name}"]`);

describe('AlertForm', () => {
  it('starts at the given price and shows only the inputs of the chosen condition, each labelled', async () => {
    render(AlertForm, { initial: emptyForm(201.5), submitLabel: 'Create alert', onsubmit: async () => null, testid: 'f' });
    expect(screen.getByLabelText<HTMLInputElement>('Price level').value).toBe('201.5');
    expect(field('period')).toBeNull();
    await fireEvent.change(screen.getByLabelText('Condition'), { target: { value: 'sma_cross_above' } });
    expect(field('value')).toBeNull();
    expect(screen.getByLabelText('SMA period')).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('Condition'), { target: { value: 'move_percent' } });
    expect(screen.getByLabelText('Percent')).toBeTruthy();
    expect(screen.getByLabelText('Within (minutes)')).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('Fires'), { target: { value: 'every' } });
    expect(screen.getByLabelText('Cooldown (minutes)')).toBeTruthy();
  });

  it("shows the API's errors next to their fields, describes the field by its error, and moves focus to the first", async () => {
    let answer!: (e: AlertFormErrors | null) => void;
    const onsubmit = vi.fn((_v: AlertFormValues) => new Promise<AlertFormErrors | null>((r) => (answer = r)));
    render(AlertForm, { initial: emptyForm(), submitLabel: 'Create alert', onsubmit, testid: 'f' });
    await fireEvent.input(screen.getByLabelText('Price level'), { target: { value: '-3' } });
    await fireEvent.input(screen.getByLabelText('Webhook URL'), { target: { value: 'ftp://x' } });
    await fireEvent.submit(screen.getByTestId('f'));
    expect(onsubmit).toHaveBeenCalledWith(expect.objectContaining({ value: '-3', webhookUrl: 'ftp://x' }));
    answer({ value: 'must be greater than zero', webhookUrl: 'must be an http or https URL' });
    expect((await screen.findByTestId('error-value')).textContent).toBe('must be greater than zero');
    expect(screen.getByTestId('error-webhookUrl').textContent).toBe('must be an http or https URL');
    const level = screen.getByLabelText('Price level');
    expect(level.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(level.getAttribute('aria-describedby')!)?.textContent).toBe('must be greater than zero');
    await vi.waitFor(() => expect(document.activeElement).toBe(level));
  });

  it('shows an error that belongs to no field as an alert', async () => {
    render(AlertForm, { initial: emptyForm(1), submitLabel: 'Create alert', onsubmit: async () => ({ form: '500 alerts exist already' }), testid: 'f' });
    await fireEvent.submit(screen.getByTestId('f'));
    expect((await screen.findByRole('alert')).textContent).toBe('500 alerts exist already');
  });
});
