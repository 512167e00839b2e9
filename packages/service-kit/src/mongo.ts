import mongoose, { type Connection } from 'mongoose';

/**
 * Opens a mongoose connection (its own, not the global one). Retryable writes are off
 * because FerretDB v1, the local MongoDB-wire server, runs without a replica set.
 */
export async function connectMongo(url: string): Promise<Connection> {
  const connection = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: 5000,
    retryWrites: false,
    autoIndex: true,
  });
  await connection.asPromise();
  return connection;
}
