// Baseline 1, the tutorial design: a Set of sockets; per publish, for each client in turn,
// JSON.stringify the batch and await the send before moving on to the next client.
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PublishedMessage } from '@tickstream/shared';

export function tutorialServer(server: Server) {
  const clients = new Set<WebSocket>();
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('message', () => ws.send(JSON.stringify({ type: 'snapshot', ticks: [], status: null })));
    ws.on('close', () => clients.delete(ws));
  });
  return {
    async publish(batch: PublishedMessage[]) {
      for (const ws of clients) {
        await new Promise<void>((resolve) => ws.send(JSON.stringify(batch), () => resolve()));
      }
    },
    close: () => wss.close(),
  };
}
