// README's live protocol section against the shared message map: every server message type is in
// the WebSocket list, every error code a client can receive is named, and the rules a client author
// trips over (resume only on the first subscribe, SSE's STREAM_CLOSED) are written down.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, serverMessageSchema } from '@tickstream/shared';

// The prose only: a `#` comment line in a code example is not a heading.
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
const section = (heading: string) => {
  const start = readme.indexOf(heading);
  expect(start, heading).toBeGreaterThan(-1);
  const end = readme.indexOf('\n#', start + heading.length);
  return readme.slice(start, end === -1 ? undefined : end);
};
const ws = section('### WebSocket: `/ws`');
const sse = section('### Server-sent events: `/api/stream`');

/** Every `type` literal of the server message union, read from the schemas themselves. */
function serverTypes(): string[] {
  const types: string[] = [];
  for (const union of serverMessageSchema.def.options) {
    for (const option of union.def.options) types.push(String(option.shape.type.def.values[0]));
  }
  return types;
}

describe('README live protocol', () => {
  it('lists every server-to-client message type', () => {
    const list = /Server → client:([\s\S]*?)\n\n/.exec(ws)?.[1] ?? '';
    const missing = serverTypes().filter((t) => !list.includes(`\`${t}\``) && !list.includes(`\`${t} `));
    expect(missing).toEqual([]);
  });

  it('names every error code a WebSocket or SSE client can receive', () => {
    expect(ERROR_CODES.filter((code) => !`${ws}\n${sse}`.includes(`\`${code}\``))).toEqual([]);
  });

  it("documents SSE's STREAM_CLOSED and that resume is only accepted on the first subscribe", () => {
    expect(sse).toContain('`STREAM_CLOSED`');
    expect(ws).toMatch(/resume[^.]*only[^.]*first `subscribe`/i);
  });
});
