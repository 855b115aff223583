import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import Toaster from './Toaster.svelte';
import { Toasts } from './toasts.svelte.ts';

describe('Toaster', () => {
  it('renders toasts inside one polite live region, with a link and a dismiss button', async () => {
    const toasts = new Toasts({ setTimer: () => 0, clearTimer: () => {} });
    render(Toaster, { toasts });
    const region = screen.getByTestId('toaster');
    expect(region.getAttribute('aria-live')).toBe('polite');
    toasts.push({ tone: 'alert', title: 'AAPL at 201.63', body: 'price crosses above 201.50', href: '/alerts' });
    flushSync();
    expect(region.textContent).toContain('AAPL at 201.63');
    expect(screen.getByRole('link', { name: 'View alerts' }).getAttribute('href')).toBe('/alerts');
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss: AAPL at 201.63' }));
    expect(screen.queryAllByTestId('toast')).toHaveLength(0);
  });
});
