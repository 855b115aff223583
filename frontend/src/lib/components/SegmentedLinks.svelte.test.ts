import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SegmentedLinks, { type SegmentOption } from './SegmentedLinks.svelte';

const options = (keys: string[], off: string[] = []): SegmentOption[] =>
  keys.map((k) => ({ key: k, text: k.toUpperCase(), href: off.includes(k) ? null : `/symbol/AAPL?range=${k}`, title: off.includes(k) ? 'too many bars' : undefined }));

describe('SegmentedLinks', () => {
  it('links every option to its URL, marking only the current one', () => {
    render(SegmentedLinks, { label: 'Chart range', kind: 'range', options: options(['1d', '5d', '1y']), current: '5d' });
    const links = screen.getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual(['1D', '5D', '1Y']);
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/symbol/AAPL?range=1d', '/symbol/AAPL?range=5d', '/symbol/AAPL?range=1y']);
    expect(links.map((a) => a.dataset.range)).toEqual(['1d', '5d', '1y']);
    expect(links.filter((a) => a.getAttribute('aria-current') === 'true').map((a) => a.textContent)).toEqual(['5D']);
    // switching keeps the page's scroll and history entry (SvelteKit link options)
    expect(links.every((a) => a.dataset.sveltekitReplacestate === 'true' && a.dataset.sveltekitReset === 'false')).toBe(true);
    expect(screen.getByRole('navigation', { name: 'Chart range' })).toBeTruthy();
  });

  it('shows an option without a URL as unavailable, with why, and not as a link', () => {
    render(SegmentedLinks, { label: 'Chart interval', kind: 'interval', options: options(['1m', '1d'], ['1m']), current: '1d' });
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual(['1D']);
    const off = screen.getByText('1M');
    expect(off.getAttribute('aria-disabled')).toBe('true');
    expect(off.getAttribute('title')).toBe('too many bars');
    expect(off.dataset.interval).toBe('1m');
  });

  it('moves the mark when the current option changes', async () => {
    const view = render(SegmentedLinks, { label: 'Chart interval', kind: 'interval', options: options(['1m', '1h']), current: '1m' });
    await view.rerender({ label: 'Chart interval', kind: 'interval', options: options(['1m', '1h']), current: '1h' });
    expect(screen.getByRole('link', { current: true }).textContent).toBe('1H');
  });
});
