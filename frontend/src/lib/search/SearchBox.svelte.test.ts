import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { SearchResult } from '@tickstream/shared';
import SearchBox from './SearchBox.svelte';
import { SymbolSearch } from './search.svelte.ts';

const results: SearchResult[] = [
  { symbol: 'AAPL', name: 'Apple Inc.', exchange: 'NASDAQ', type: 'EQUITY' },
  { symbol: 'APLE', name: 'Apple Hospitality REIT', exchange: 'NYSE', type: 'EQUITY' },
];

function setup() {
  const search = new SymbolSearch(() => Promise.resolve(results), { debounceMs: 0 });
  const onopen = vi.fn();
  const onadd = vi.fn();
  render(SearchBox, { search, onopen, onadd, addLabel: 'Add to Tech' });
  const box = screen.getByRole('combobox');
  return { search, onopen, onadd, box };
}

async function typeAndWait(box: HTMLElement, text: string) {
  await fireEvent.input(box, { target: { value: text } });
  await vi.waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
}

describe('SearchBox', () => {
  it('is an ARIA combobox whose listbox opens with results as you type', async () => {
    const { box } = setup();
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(box.getAttribute('aria-controls')).toBe(screen.getByRole('listbox', { hidden: true }).id);
    await typeAndWait(box, 'apple');
    expect(box.getAttribute('aria-expanded')).toBe('true');
    const [first] = screen.getAllByRole('option');
    expect(first!.textContent).toMatch(/AAPL\s*Apple Inc\.\s*NASDAQ · EQUITY/);
    expect(box.getAttribute('aria-activedescendant')).toBe(first!.id);
    expect(first!.getAttribute('aria-selected')).toBe('true');
  });

  it('moves the active option with the arrow keys and opens it with Enter', async () => {
    const { box, onopen } = setup();
    await typeAndWait(box, 'apple');
    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(box.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[1]!.id);
    await fireEvent.keyDown(box, { key: 'Enter' });
    expect(onopen).toHaveBeenCalledWith('APLE');
    expect(box.getAttribute('aria-expanded')).toBe('false');
  });

  it('adds the active option to the list with Shift+Enter, and a click opens one', async () => {
    const { box, onopen, onadd } = setup();
    await typeAndWait(box, 'apple');
    await fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(onadd).toHaveBeenCalledWith('AAPL');
    expect(onopen).not.toHaveBeenCalled();
    await fireEvent.click(screen.getAllByRole('option')[1]!);
    expect(onopen).toHaveBeenCalledWith('APLE');
  });

  it('closes on Escape', async () => {
    const { box } = setup();
    await typeAndWait(box, 'apple');
    await fireEvent.keyDown(box, { key: 'Escape' });
    expect(box.getAttribute('aria-expanded')).toBe('false');
  });

  it('takes the focus on / from the page, but not while the user types elsewhere', async () => {
    const { box } = setup();
    const other = document.createElement('input');
    document.body.append(other);
    other.focus();
    await fireEvent.keyDown(other, { key: '/' });
    expect(document.activeElement).toBe(other);
    other.blur();
    await fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).toBe(box);
    other.remove();
  });
});
