// The router as router/src/index.ts builds it, minus its guardrails (no operation limits, cost,
// rate limits or @authenticated/@requiresScopes checks) and subscriptions: the baseline of
// `npm run bench -- guardrails`. Never a way to run the platform.
import { createAccessTokenVerifier, createLogger, routerSigningSecret } from '@commerce/service-kit';
import { env, subgraphUrlOverrides } from '../../../router/src/env.ts';
import { createGateway } from '../../../router/src/gateway.ts';
import { createRouter } from '../../../router/src/server.ts';

const logger = createLogger('router-unguarded', env.LOG_LEVEL);
const gateway = createGateway({ supergraphPath: env.SUPERGRAPH_PATH, subgraphUrls: subgraphUrlOverrides(), signingSecret: routerSigningSecret(env), logger });
const router = await createRouter({ gateway, logger, verifyToken: createAccessTokenVerifier(env, logger), unguarded: true });
await router.listen(env.PORT, env.HOST);
process.once('SIGTERM', () => void router.close().then(() => process.exit(0)));
