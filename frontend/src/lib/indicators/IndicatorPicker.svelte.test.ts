import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import IndicatorPicker from './IndicatorPicker.svelte';
import { ChartIndicators } from './indicators.svelte.ts';

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

async function openPicker() {
  const indicators = new ChartIndicators(memoryStorage());
  render(IndicatorPicker, { indicators });
  const toggle = screen.getByRole('button', { name: 'Indicators' });
  await fireEvent.click(toggle);
  return { indicators, toggle };
}

describe('IndicatorPicker', () => {
  it('opens a labelled panel from its button and adds the chosen indicator', async () => {
    const { indicators, toggle } = await openPicker();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('group', { name: 'Chart indicators' })).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('Indicator to add'), { target: { value: 'rsi' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(indicators.list.map((c) => c.kind)).toEqual(['rsi']);
    expect(screen.getByRole('button', { name: 'Indicators (1)' })).toBeTruthy();
  });

  it('changes a period through its labelled input, and marks a refused value invalid without applying it', async () => {
    const { indicators } = await openPicker();
    await fireEvent.click(screen.getByRole('button', { name: 'Add' })); // SMA 50 by default
    await fireEvent.change(screen.getByLabelText('SMA 50: Period'), { target: { value: '200' } });
    expect(indicators.list[0]).toMatchObject({ kind: 'sma', period: 200 });
    const input = screen.getByLabelText('SMA 200: Period');
    await fireEvent.change(input, { target: { value: '0' } });
    expect(indicators.list[0]).toMatchObject({ period: 200 });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('status').textContent).toMatch(/out of range/);
  });

  it('removes an indicator by its labelled button, and Escape closes the panel back to its button', async () => {
    const { indicators, toggle } = await openPicker();
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Remove SMA 50' }));
    expect(indicators.list).toEqual([]);
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(toggle);
  });
});
