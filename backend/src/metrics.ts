// All Prometheus metrics, on a registry per app instance (no global default registry),
// so two apps in one test process never share counters.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'tickstream_' });
  const r = [registry];
  return {
    registry,
    pollDuration: new Histogram({
      name: 'tickstream_poll_duration_seconds',
      help: 'Duration of a poll cycle by outcome (ok, partial, failed)',
      labelNames: ['outcome'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: r,
    }),
    pollErrors: new Counter({
      name: 'tickstream_poll_errors_total',
      help: 'Failed source requests by error code (RATE_LIMITED, UPSTREAM_ERROR, TIMEOUT, NETWORK, ...)',
      labelNames: ['code'] as const,
      registers: r,
    }),
    skippedValues: new Counter({
      name: 'tickstream_skipped_values_total',
      help: 'Quotes or bars dropped as invalid, by kind (null_bar, non_positive_price, future_time, ...)',
      labelNames: ['kind'] as const,
      registers: r,
    }),
    rowsWritten: new Counter({
      name: 'tickstream_rows_written_total',
      help: 'Rows written to the store by table',
      labelNames: ['table'] as const,
      registers: r,
    }),
    writeQueueDepth: new Gauge({ name: 'tickstream_write_queue_depth', help: 'Rows waiting for the store', registers: r }),
    writeQueueDropped: new Counter({
      name: 'tickstream_write_queue_dropped_total',
      help: 'Rows dropped because the write queue was full during a store outage',
      registers: r,
    }),
    publishQueueDepth: new Gauge({
      name: 'tickstream_publish_queue_depth',
      help: 'Live messages waiting for the bus (Redis unreachable)',
      registers: r,
    }),
    publishQueueDropped: new Counter({
      name: 'tickstream_publish_queue_dropped_total',
      help: 'Live messages dropped because the bus stayed unreachable past REPLAY_BUFFER_SIZE queued messages',
      registers: r,
    }),
    clientsConnected: new Gauge({
      name: 'tickstream_clients_connected',
      help: 'Connected live clients by transport',
      labelNames: ['transport'] as const,
      registers: r,
    }),
    messagesSent: new Counter({
      name: 'tickstream_messages_sent_total',
      help: 'Live messages sent to clients by transport',
      labelNames: ['transport'] as const,
      registers: r,
    }),
    bytesSent: new Counter({
      name: 'tickstream_bytes_sent_total',
      help: 'Live bytes sent to clients by transport',
      labelNames: ['transport'] as const,
      registers: r,
    }),
    slowClientsDropped: new Counter({
      name: 'tickstream_slow_clients_dropped_total',
      help: 'Clients disconnected because their send buffer passed the cap',
      labelNames: ['transport'] as const,
      registers: r,
    }),
    publishToSend: new Histogram({
      name: 'tickstream_publish_to_send_seconds',
      help: 'Time from a message being published to it being handed to the client sockets',
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: r,
    }),
    alertsFired: new Counter({ name: 'tickstream_alerts_fired_total', help: 'Alert firings stored (once per alert and triggering tick)', registers: r }),
    alertDeliveries: new Counter({
      name: 'tickstream_alert_webhook_attempts_total',
      help: 'Alert webhook attempts by outcome (delivered, http_error, timeout, network_error, refused)',
      labelNames: ['outcome'] as const,
      registers: r,
    }),
    httpDuration: new Histogram({
      name: 'tickstream_http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: r,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
