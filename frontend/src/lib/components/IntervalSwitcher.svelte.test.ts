import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { INTERVALS } from '@tickstream/shared';
import IntervalSwitcher from './IntervalSwitcher.svelte';

describe('IntervalSwitcher', () => {
  it('links every interval to the URL hrefFor gives, marking only the current one', () => {
    render(IntervalSwitcher, { current: '5m', hrefFor: (i) => `/symbol/AAPL?interval=${i}` });
    const links = screen.getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual([...INTERVALS]);
    expect(links.map((a) => a.getAttribute('href'))).toEqual(INTERVALS.map((i) => `/symbol/AAPL?interval=${i}`));
    expect(links.filter((a) => a.getAttribute('aria-current') === 'true').map((a) => a.textContent)).toEqual(['5m']);
    // switching keeps the page's scroll and history entry (SvelteKit link options)
    expect(links.every((a) => a.dataset.sveltekitReplacestate === '' && a.dataset.sveltekitReset === 'false')).toBe(true);
  });

  it('moves the mark when the current interval changes', async () => {
    const view = render(IntervalSwitcher, { current: '1m', hrefFor: (i) => `?interval=${i}` });
    await view.rerender({ current: '1h', hrefFor: (i) => `?interval=${i}` });
    expect(screen.getByRole('link', { current: true }).textContent).toBe('1h');
  });
});
