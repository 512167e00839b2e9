/** What the router knows about a request: the credentials it forwards to subgraphs. */
export interface RouterContext {
  authorization?: string;
}
