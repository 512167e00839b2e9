import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The router's Prometheus metrics, served on GET /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    operationsMerged: new Counter({ name: 'router_operations_merged_total', help: 'Queries answered by an identical one already executing (OPERATION_MERGING).', registers }),
    subscriptions: {
      active: new Gauge({ name: 'router_subscriptions_active', help: 'Subscriptions open now.', labelNames: ['field'], registers }),
      eventsConsumed: new Counter({ name: 'router_subscription_events_consumed_total', help: 'Events of a type some subscription field follows, read from Kafka by the live feed.', labelNames: ['topic'], registers }),
      pushed: new Counter({ name: 'router_subscription_payloads_pushed_total', help: 'Payloads handed to subscribers.', labelNames: ['field'], registers }),
      resolutions: new Counter({ name: 'router_subscription_resolutions_total', help: 'Payload queries run through the gateway (shared by subscribers asking the same).', labelNames: ['field'], registers }),
      lag: new Histogram({
        name: 'router_subscription_push_lag_seconds',
        help: 'From the event time (occurredAt) to the payload being handed to the subscriber.',
        labelNames: ['field'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers,
      }),
      dropped: new Counter({ name: 'router_subscriptions_dropped_total', help: 'Subscriptions ended by the router.', labelNames: ['reason'], registers }),
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
export type SubscriptionMetrics = Metrics['subscriptions'];
