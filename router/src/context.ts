import type { Viewer } from '@commerce/service-kit';

/** What the router knows about a request and forwards to every subgraph. */
export interface RouterContext {
  /** The verified caller; subgraphs verify the forwarded token again themselves. */
  viewer?: Viewer;
  authorization?: string;
  clientAddress: string;
  correlationId: string;
}
