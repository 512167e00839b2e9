// Sign-in and `me`, each sent straight to the customers subgraph (baseline) and through the
// router, measured in one run. Login is dominated by scrypt (memory-hard by design).
import { gqlCall, load, report, startBenchStack } from './harness.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const LOGIN_CONNECTIONS = Number(process.env.BENCH_LOGIN_CONNECTIONS ?? 4);

const stack = await startBenchStack();
try {
  const credentials = { email: `bench+${Date.now()}@commerce.local`, password: 'bench-password-1' };
  const { register } = await gqlCall<{ register: { accessToken: string } }>(
    stack.routerUrl,
    'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }',
    { input: { ...credentials, firstName: 'Bench', lastName: 'Mark' } },
  );
  const me = '{ me { id firstName lastName email } }';
  const headers = { authorization: `Bearer ${register.accessToken}` };
  const meOptions = { seconds: SECONDS, connections: CONNECTIONS, headers };
  await load('warm-up', stack.routerUrl, me, {}, { seconds: 2, connections: 4, headers });
  report(
    await load('me: customers directly', stack.customersUrl, me, {}, meOptions),
    await load('me: router', stack.routerUrl, me, {}, meOptions),
    `${SECONDS}s each, ${CONNECTIONS} connections, loopback`,
  );

  const login = 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }';
  const loginOptions = { seconds: SECONDS, connections: LOGIN_CONNECTIONS };
  report(
    await load('login: customers directly', stack.customersUrl, login, { input: credentials }, loginOptions),
    await load('login: router', stack.routerUrl, login, { input: credentials }, loginOptions),
    `${SECONDS}s each, ${LOGIN_CONNECTIONS} connections, loopback`,
  );
} finally {
  await stack.stop();
}
