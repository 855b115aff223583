import { describe, expect, it, vi } from 'vitest';
import { inlineBlock, inlinedFetch } from './inline.ts';

/** The JSON text of a block, as the browser's parser would hand it over (up to the first </script). */
const textOf = (block: string) => /<script type="application\/json" id="tickstream-inline">([\s\S]*?)<\/script>/.exec(block)?.[1] ?? null;

/** The answers as the server hands them to the block: each body's JSON text. */
const jsonTexts = (answers: Record<string, unknown>) => Object.fromEntries(Object.entries(answers).map(([url, body]) => [url, JSON.stringify(body)]));

describe('API answers carried in the page', () => {
  it('survive any text in the data: nothing in it can end the block early', async () => {
    const answers = { '/api/history?symbol=A': { note: '</script><script>alert(1)</script>', n: 1 } };
    const block = inlineBlock(jsonTexts(answers));
    expect(block.match(/<\/script>/g)).toHaveLength(1);
    const res = await inlinedFetch(vi.fn(), textOf(block))('/api/history?symbol=A');
    expect(await res.json()).toEqual(answers['/api/history?symbol=A']);
  });

  it('answer each URL once; other URLs, writes and later loads go to the network', async () => {
    const network = vi.fn(async () => Response.json({ from: 'network' }));
    const f = inlinedFetch(network, textOf(inlineBlock(jsonTexts({ '/a': { from: 'page' } }))));
    expect(await (await f('/a', { method: 'POST' })).json()).toEqual({ from: 'network' });
    expect(await (await f('/a')).json()).toEqual({ from: 'page' });
    expect(await (await f('/a')).json()).toEqual({ from: 'network' });
    expect(await (await f('/b')).json()).toEqual({ from: 'network' });
    expect(network).toHaveBeenCalledTimes(3);
  });

  it('fall back to the network when there is no block or it is damaged', async () => {
    const network = vi.fn(async () => Response.json({}));
    await inlinedFetch(network, null)('/a');
    await inlinedFetch(network, '{"/a": ')('/a');
    expect(network).toHaveBeenCalledTimes(2);
  });

  it('are shared by every first read of the page: the block is taken out once and each URL answered once', async () => {
    const block = textOf(inlineBlock(jsonTexts({ '/api/quotes': { q: 1 }, '/api/watchlists': { w: 1 } })));
    const remove = vi.fn();
    vi.stubGlobal('document', { getElementById: (id: string) => (id === 'tickstream-inline' ? { remove, textContent: block } : null) });
    vi.resetModules();
    try {
      const { pageFetch } = await import('./inline.ts');
      const network = vi.fn(async () => Response.json({ from: 'network' }));
      const layout = pageFetch(network);
      const lists = pageFetch(network);
      expect(await (await lists('/api/watchlists')).json()).toEqual({ w: 1 });
      expect(await (await layout('/api/quotes')).json()).toEqual({ q: 1 });
      expect(await (await layout('/api/watchlists')).json()).toEqual({ from: 'network' });
      expect(remove).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
