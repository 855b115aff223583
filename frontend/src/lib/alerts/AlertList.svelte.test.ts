import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import AlertList from './AlertList.svelte';
import { makeAlert } from './fakes.ts';

function props(over: Record<string, unknown> = {}) {
  return {
    alerts: [makeAlert({ id: 1, note: 'take profit' }), makeAlert({ id: 2, symbol: 'MSFT', status: 'done', lastFiredAt: 1_700_000_000, fireCount: 1 })],
    nowSeconds: 1_700_000_100,
    onsave: vi.fn(async () => null),
    ontoggle: vi.fn(async () => null),
    onremove: vi.fn(async () => null),
    ontest: vi.fn(async () => ({ result: { delivered: true, url: 'http://x/', attempt: { attempt: 1, atMs: 0, outcome: 'delivered' as const, httpStatus: 204, error: null, durationMs: 31.6 } } })),
    ...over,
  };
}

const row = (id: number) => document.querySelector<HTMLElement>(`[data-alert-id="${id}"]`)!;

describe('AlertList', () => {
  it('shows each alert with its condition in words, its status group and when it last fired', () => {
    render(AlertList, props());
    expect(row(1).textContent).toContain('Price crosses above');
    expect(row(1).dataset.status).toBe('armed');
    expect(within(row(1)).getByTestId('last-fired').textContent).toBe('Never fired');
    expect(row(2).dataset.status).toBe('disarmed');
    expect(within(row(2)).getByTestId('last-fired').textContent).toMatch(/^Last fired .* \(1×\)$/);
  });

  it('labels each action with the alert it acts on', () => {
    render(AlertList, props());
    expect(screen.getByRole('button', { name: 'Disable AAPL alert' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send test for MSFT' })).toBeTruthy();
  });

  it('reads out the outcome of a test delivery next to the alert', async () => {
    const p = props();
    render(AlertList, p);
    await fireEvent.click(within(row(1)).getByTestId('send-test'));
    expect(p.ontest).toHaveBeenCalledWith(1);
    await vi.waitFor(() => expect(within(row(1)).getByTestId('alert-note').textContent).toBe('Test delivered (HTTP 204, 32 ms)'));
    expect(within(row(1)).getByTestId('alert-note').getAttribute('role')).toBe('status');
  });

  it('deletes only after confirmation and moves focus to the next alert', async () => {
    const p = props();
    const { rerender } = render(AlertList, p);
    await fireEvent.click(within(row(1)).getByTestId('delete'));
    expect(p.onremove).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(document.activeElement).toBe(within(row(1)).getByTestId('confirm-delete')));
    p.onremove.mockImplementation(async () => {
      await rerender({ ...p, alerts: [p.alerts[1]!] });
      return null;
    });
    await fireEvent.click(within(row(1)).getByTestId('confirm-delete'));
    expect(p.onremove).toHaveBeenCalledWith(1);
    await vi.waitFor(() => expect(document.activeElement).toBe(within(row(2)).getByTestId('toggle')));
  });

  it('opens an edit form filled from the alert and closes it once saved', async () => {
    const p = props();
    render(AlertList, p);
    await fireEvent.click(within(row(1)).getByTestId('edit'));
    const form = await screen.findByTestId('edit-alert-form');
    expect(within(form).getByLabelText<HTMLInputElement>('Note').value).toBe('take profit');
    await fireEvent.submit(form);
    expect(p.onsave).toHaveBeenCalledWith(expect.objectContaining({ type: 'price_above', value: '200' }), 1);
    await vi.waitFor(() => expect(screen.queryByTestId('edit-alert-form')).toBeNull());
  });
});
