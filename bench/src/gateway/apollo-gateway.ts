// Vanilla @apollo/gateway inside @apollo/server, as Apollo's docs set it up: the supergraph SDL
// read from a file, startStandaloneServer, nothing else. SUPERGRAPH_PATH, PORT.
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const supergraphSdl = readFileSync(process.env.SUPERGRAPH_PATH ?? 'supergraph.graphql', 'utf8');
const gateway = new ApolloGateway({ supergraphSdl });
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: Number(process.env.PORT ?? 4000) } });
console.error(`vanilla @apollo/gateway ready at ${url}`);
