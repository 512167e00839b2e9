import type { Viewer } from '@commerce/service-kit';

/** What the router knows about a request and forwards to every subgraph. */
export interface RouterContext {
  /** The verified caller; subgraphs verify the forwarded token again themselves. */
  viewer?: Viewer;
  authorization?: string;
  clientAddress: string;
  correlationId: string;
  /**
   * Never share a subgraph call with an identical one already in flight: a subscription payload
   * resolved after an event must read what that event's write committed, and a call started
   * before it may not have (router/src/subgraph-source.ts).
   */
  unmerged?: boolean;
}
