// Runs the HTTP requests on its own thread, so the client's work does not queue behind (or in
// front of) the server's on one event loop. One keep-alive connection, sequential requests.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

interface Job {
  baseUrl: string;
  paths: string[];
  warmup: number;
}

const job = workerData as Job;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function run(): Promise<void> {
  const durations: number[] = [];
  let rows = 0;
  for (let i = 0; i < job.paths.length; i++) {
    const started = performance.now();
    const res = await get(job.baseUrl + job.paths[i]);
    const body = JSON.parse(res.body) as { candles?: unknown[] };
    const ms = performance.now() - started;
    const history = job.paths[i]!.startsWith('/api/history');
    if (res.status !== 200 || (history && !body.candles)) throw new Error(`GET ${job.paths[i]} answered ${res.status}: ${res.body.slice(0, 300)}`);
    if (i >= job.warmup) {
      durations.push(ms);
      rows += body.candles?.length ?? 0;
    }
  }
  agent.destroy();
  parentPort!.postMessage({ durations, rows });
}

run().catch((err: unknown) => {
  agent.destroy();
  throw err;
});
