// Baseline 2, a bare ws loop: serialize once per publish, send the same string to every client.
import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import type { PublishedMessage } from '@tickstream/shared';

export function bareServer(server: Server) {
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (ws) => {
    ws.on('message', () => ws.send(JSON.stringify({ type: 'snapshot', ticks: [], status: null })));
  });
  return {
    async publish(batch: PublishedMessage[]) {
      const text = JSON.stringify(batch);
      for (const ws of wss.clients) ws.send(text);
    },
    close: () => wss.close(),
  };
}
