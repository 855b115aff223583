// Compresses REST answers and server-rendered pages (gzip/deflate/br, as the client accepts).
// History and portfolio answers are JSON arrays of numbers that shrink 5-10x, which is most of a
// phone's load time on a slow link. Two kinds of response are never compressed:
// - the SSE stream: a compressor buffers its output, so events would sit in it instead of reaching
//   the client (flushing after every event would cost more than it saves on small frames). Its
//   `Cache-Control: no-transform` already says so; the filter keeps it true if that header changes;
// - answers below 1 KB, where the header and CPU cost more than the bytes saved.
// Static assets are precompressed at build time (adapter-node's `precompress`) and served with
// their own Content-Encoding, which the compressor leaves alone.
import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

export const COMPRESS_THRESHOLD_BYTES = 1024;

function isEventStream(req: Request, res: Response): boolean {
  const type = res.getHeader('Content-Type');
  if (typeof type === 'string' && type.startsWith('text/event-stream')) return true;
  return (req.headers.accept ?? '').includes('text/event-stream');
}

export function responseCompression(): RequestHandler {
  return compression({
    threshold: COMPRESS_THRESHOLD_BYTES,
    filter: (req, res) => !isEventStream(req, res) && compression.filter(req, res),
  });
}
