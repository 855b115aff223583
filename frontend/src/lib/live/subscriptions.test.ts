import { describe, expect, it } from 'vitest';
import { Subscriptions } from './subscriptions.ts';

describe('Subscriptions', () => {
  it('keeps a symbol while any follower holds it', () => {
    const subs = new Subscriptions();
    const a = subs.follow(['aapl', 'MSFT']);
    const b = subs.follow(['AAPL']);
    expect(subs.pending()).toEqual({ add: ['AAPL', 'MSFT'], remove: [] });
    subs.markSubscribed(['AAPL', 'MSFT']);
    a();
    expect(subs.pending()).toEqual({ add: [], remove: ['MSFT'] });
    b();
    b();
    expect(subs.pending()).toEqual({ add: [], remove: ['AAPL', 'MSFT'] });
  });

  it('ignores what is not a ticker symbol', () => {
    const subs = new Subscriptions();
    subs.follow(['', 'not a symbol', 'BTC-USD']);
    expect(subs.pending().add).toEqual(['BTC-USD']);
  });

  it('asks for everything again on a new socket', () => {
    const subs = new Subscriptions();
    subs.follow(['AAPL']);
    subs.markSubscribed(['AAPL']);
    subs.resetSent();
    expect(subs.pending().add).toEqual(['AAPL']);
  });
});
