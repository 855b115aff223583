// Forced drops under load: N WebSocket clients (ws, no compression) subscribed to every symbol
// while batches are published; at random, clients are cut (socket destroyed, no close frame) and
// reconnect at once with `resume` from the last offset they hold, as the browser's LiveSocket does.
// Each client checks its own stream: every offset after the one before it (a gap is a lost
// message, an offset at or below it a duplicate). A resume's replay time runs from the new
// connection's start until the `resumed` answer and every message it announced have arrived.
// Control messages are parsed; stream frames are only scanned for their offsets.
import WebSocket from 'ws';

const SOURCE_ADDRESSES = 50;
const CONNECT_CONCURRENCY = 200;
/** Each stream message's offset key (ticks, candles and infos carry no other `offset`). */
const OFFSET = '"offset":';

interface Client {
  ws: WebSocket | null;
  epoch: string;
  /** offset of the last stream message held */
  last: number;
  received: number;
  /** replay still expected after `resumed`; -1 while waiting for `resumed` */
  replayLeft: number;
  resumeStart: number;
  dropping: boolean;
}

export interface ChurnResult {
  drops: number;
  resumes: number;
  notRecovered: number;
  duplicates: number;
  gaps: number;
  /** stream messages each client should hold at the end (the last offset minus the first) */
  expected: number;
  /** messages held in total, over all clients */
  received: number;
  /** clients whose last offset is the stream's last at the end */
  caughtUp: number;
  replayMs: Float64Array;
  /** from the new connection's start until `resumed` (the rest of replayMs is the replay itself) */
  resumedMs: Float64Array;
  errors: number;
}

export interface Churn {
  /** starts dropping `perSecond` random clients a second (each reconnects at once) */
  start(perSecond: number): void;
  /** stops dropping, waits for resumes to finish, and closes every client */
  finish(): Promise<ChurnResult>;
}

export async function openChurn(port: number, n: number, symbols: readonly string[]): Promise<Churn> {
  const clients: Client[] = [];
  let firstOffset = Number.NaN;
  let drops = 0;
  let resumes = 0;
  let notRecovered = 0;
  let duplicates = 0;
  let gaps = 0;
  let errors = 0;
  const replayMs: number[] = [];
  const resumedMs: number[] = [];
  let inFlight = 0;
  let connections = 0;

  const onStream = (c: Client, offset: number) => {
    if (offset <= c.last) duplicates++;
    else {
      if (offset > c.last + 1) gaps += offset - c.last - 1;
      c.last = offset;
      c.received++;
    }
    if (c.replayLeft > 0 && --c.replayLeft === 0) doneResume(c);
  };
  const doneResume = (c: Client) => {
    replayMs.push(performance.now() - c.resumeStart);
    c.replayLeft = -2;
    inFlight--;
  };

  const connect = (c: Client, resume: boolean) =>
    new Promise<void>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { perMessageDeflate: false, localAddress: `127.0.0.${2 + (connections++ % SOURCE_ADDRESSES)}` });
      c.ws = ws;
      c.resumeStart = performance.now();
      c.replayLeft = resume ? -1 : -2;
      ws.on('message', (data: Buffer) => {
        if (c.ws !== ws) return; // a cut connection's last frames: the resume covers them
        const text = data.toString('latin1');
        if (text.startsWith('[')) {
          // A batch of stream messages: only their offsets matter, read without parsing the JSON
          // (the generator must stay cheaper per frame than the server).
          for (let at = text.indexOf(OFFSET); at !== -1; at = text.indexOf(OFFSET, at + OFFSET.length)) onStream(c, parseInt(text.slice(at + OFFSET.length, at + OFFSET.length + 20), 10));
          return;
        }
        const parsed = JSON.parse(text) as unknown;
        for (const m of (Array.isArray(parsed) ? parsed : [parsed]) as { type: string; offset?: number; epoch?: string; recovered?: boolean; replayed?: number }[]) {
          if (m.type === 'welcome') {
            if (!resume) {
              c.epoch = m.epoch as string;
              c.last = m.offset as number;
              if (Number.isNaN(firstOffset)) firstOffset = c.last;
            }
            ws.send(JSON.stringify({ type: 'subscribe', symbols, ...(resume ? { resume: { epoch: c.epoch, offset: c.last } } : {}) }));
          } else if (m.type === 'snapshot' && !resume) resolve();
          else if (m.type === 'resumed') {
            if (!m.recovered) notRecovered++;
            resumedMs.push(performance.now() - c.resumeStart);
            c.replayLeft = m.replayed ?? 0;
            if (c.replayLeft === 0) doneResume(c);
            resolve();
          } else if (typeof m.offset === 'number') onStream(c, m.offset);
        }
      });
      ws.on('error', () => errors++);
      ws.on('close', () => {
        if (c.ws === ws && !c.dropping) errors++;
      });
    });

  for (let i = 0; i < n; i++) clients.push({ ws: null, epoch: '', last: 0, received: 0, replayLeft: -2, resumeStart: 0, dropping: false });
  let next = 0;
  const worker = async () => {
    while (next < n) await connect(clients[next++] as Client, false);
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, n) }, worker));

  let timer: NodeJS.Timeout | undefined;
  const drop = (c: Client) => {
    if (c.replayLeft !== -2) return; // still resuming: cut it next time
    drops++;
    resumes++;
    inFlight++;
    c.dropping = true;
    c.ws?.terminate();
    c.dropping = false;
    void connect(c, true);
  };
  return {
    start(perSecond) {
      const every = 50;
      let owed = 0;
      timer = setInterval(() => {
        owed += (perSecond * every) / 1000;
        for (; owed >= 1; owed--) drop(clients[Math.floor(Math.random() * n)] as Client);
      }, every);
    },
    async finish() {
      clearInterval(timer);
      const until = performance.now() + 30_000;
      while (inFlight > 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
      // The last batch's frames: a moment for them to land everywhere.
      await new Promise((r) => setTimeout(r, 1000));
      const lastOffset = Math.max(...clients.map((c) => c.last));
      const result: ChurnResult = {
        drops,
        resumes,
        notRecovered,
        duplicates,
        gaps,
        expected: lastOffset - firstOffset,
        received: clients.reduce((s, c) => s + c.received, 0),
        caughtUp: clients.filter((c) => c.last === lastOffset).length,
        replayMs: Float64Array.from(replayMs).sort(),
        resumedMs: Float64Array.from(resumedMs).sort(),
        errors,
      };
      for (const c of clients) {
        c.dropping = true;
        c.ws?.terminate();
      }
      return result;
    },
  };
}
