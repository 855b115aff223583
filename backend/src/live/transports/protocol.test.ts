import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './protocol.ts';

describe('client message parsing', () => {
  it('accepts subscribe with normalized symbols and an optional resume position', () => {
    expect(parseClientMessage('{"type":"subscribe","symbols":[" aapl","BRK-B"],"resume":{"epoch":"e","offset":5}}')).toEqual({
      ok: true,
      message: { type: 'subscribe', symbols: ['AAPL', 'BRK-B'], resume: { epoch: 'e', offset: 5 } },
    });
  });

  it('reports text that is not JSON as BAD_JSON', () => {
    expect(parseClientMessage('{nope')).toMatchObject({ ok: false, code: 'BAD_JSON' });
  });

  it('reports a missing or unknown type as BAD_MESSAGE naming the accepted types', () => {
    const r = parseClientMessage('{"type":"dance"}');
    expect(r).toMatchObject({ ok: false, code: 'BAD_MESSAGE' });
    expect(!r.ok && r.message).toMatch(/"dance".*subscribe, unsubscribe, ping/);
    expect(parseClientMessage('[1,2]')).toMatchObject({ ok: false, code: 'BAD_MESSAGE' });
  });

  it('reports a symbol that is not a ticker as UNKNOWN_SYMBOL, naming it', () => {
    const r = parseClientMessage('{"type":"unsubscribe","symbols":["AAPL","$$$"]}');
    expect(r).toMatchObject({ ok: false, code: 'UNKNOWN_SYMBOL' });
    expect(!r.ok && r.message).toMatch(/"\$\$\$"/);
  });

  it('reports structural problems as BAD_MESSAGE with the path', () => {
    const r = parseClientMessage('{"type":"subscribe","symbols":[]}');
    expect(r).toMatchObject({ ok: false, code: 'BAD_MESSAGE' });
    expect(!r.ok && r.message).toMatch(/at symbols/);
    expect(parseClientMessage('{"type":"subscribe","symbols":["A"],"resume":{"epoch":"e","offset":-1}}')).toMatchObject({ ok: false, code: 'BAD_MESSAGE' });
  });

  it('accepts ping with or without an id', () => {
    expect(parseClientMessage('{"type":"ping"}')).toEqual({ ok: true, message: { type: 'ping' } });
    expect(parseClientMessage('{"type":"ping","id":"x"}')).toEqual({ ok: true, message: { type: 'ping', id: 'x' } });
  });
});
