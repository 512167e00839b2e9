import { matchEvent, type EventContract } from './contracts.ts';
import type { EventEnvelope } from './envelope.ts';
import type { MessageMeta } from './consume.ts';

/** One event type and what a consumer does with it. */
export interface EventRoute {
  eventType: string;
  handle: (envelope: EventEnvelope, meta?: MessageMeta) => Promise<void>;
}

/** Routes one contract's events to `handle`, with the payload validated against the contract. */
export function on<Type extends string, Data>(
  contract: EventContract<Type, Data>,
  handle: (event: EventEnvelope<Type, Data>, meta?: MessageMeta) => Promise<unknown>,
): EventRoute {
  return {
    eventType: contract.eventType,
    handle: async (envelope, meta) => {
      const event = matchEvent(contract, envelope);
      if (event) await handle(event, meta);
    },
  };
}

/**
 * A consumer's handler from its routes, with the event types it wants: the consumer skips
 * every other message by its eventType header, without parsing it. Other event types share
 * the topics and are not errors.
 */
export function routeEvents(...routes: EventRoute[]): {
  eventTypes: string[];
  handle: (envelope: EventEnvelope, meta?: MessageMeta) => Promise<void>;
} {
  const byType = new Map<string, EventRoute>();
  for (const route of routes) {
    if (byType.has(route.eventType)) throw new Error(`two routes for ${route.eventType}`);
    byType.set(route.eventType, route);
  }
  return {
    eventTypes: [...byType.keys()],
    handle: async (envelope, meta) => {
      await byType.get(envelope.eventType)?.handle(envelope, meta);
    },
  };
}
