// Whether FerretDB hands a query's filter to PostgreSQL or reads the whole collection: FerretDB
// v1 pushes down only top-level scalar equality, and a full scan grows with the collection.

/** The part of a mongoose Connection these helpers use. */
interface MongoConnection {
  db?: { command(command: Record<string, unknown>): Promise<Record<string, unknown>> } | undefined;
  getClient(): { on(event: 'commandStarted', listener: (event: { commandName: string; command: Record<string, unknown> }) => void): unknown };
}

/** A find or aggregate a service sent, kept so that it can be explained again. */
export interface RecordedRead {
  collection: string;
  command: 'find' | 'aggregate';
  body: Record<string, unknown>;
}

/** Records every find and aggregate sent on a connection opened with `monitorCommands`. */
export function recordReads(connection: MongoConnection): RecordedRead[] {
  const reads: RecordedRead[] = [];
  connection.getClient().on('commandStarted', (event) => {
    if (event.commandName !== 'find' && event.commandName !== 'aggregate') return;
    const { find, filter, aggregate, pipeline } = event.command;
    reads.push(
      event.commandName === 'find'
        ? { collection: String(find), command: 'find', body: { find, filter: filter ?? {} } }
        : { collection: String(aggregate), command: 'aggregate', body: { aggregate, pipeline, cursor: {} } },
    );
  });
  return reads;
}

/** True when the server is FerretDB, whose explain tells whether a filter reached its backend. */
export async function isFerretDB(connection: MongoConnection): Promise<boolean> {
  const info = await connection.db!.command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === 'string';
}

/** The reads FerretDB answers by reading every document of the collection, as JSON for an assertion message. */
export async function fullScans(connection: MongoConnection, reads: readonly { body: Record<string, unknown> }[]): Promise<string[]> {
  const scans: string[] = [];
  for (const { body } of reads) {
    const explained = await connection.db!.command({ explain: body });
    if (explained.filterPushdown !== true) scans.push(JSON.stringify(body));
  }
  return scans;
}
