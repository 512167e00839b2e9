import { conflict, parseInput, requireViewer, unauthenticated, badUserInput } from '@commerce/service-kit';
import { DECOY_HASH, hashPassword, verifyPassword } from '../auth/password.ts';
import { REFRESH_TOKEN_TTL_SECONDS, hashRefreshToken, newRefreshToken, signAccessToken } from '../auth/tokens.ts';
import type { Customer } from '../domain/customer.ts';
import { changePasswordInput, loginInput, registerInput } from '../domain/validation.ts';
import { DuplicateError } from '../store/customer-store.ts';
import type { Context, Deps } from '../context.ts';

export interface AuthPayload {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  customer: Customer;
}

const refreshExpiry = (now = Date.now()) => new Date(now + REFRESH_TOKEN_TTL_SECONDS * 1000);

/**
 * A new access token plus a refresh token starting (or continuing) a session family; the
 * family is the access token's `sid`. The request now speaks for this customer, so the
 * payload may show their private fields.
 */
async function issueTokens(
  ctx: Context,
  customer: Customer,
  refresh?: { token: string; expiresAt: Date; familyId: string },
): Promise<AuthPayload> {
  let refreshToken = refresh;
  if (!refreshToken) {
    const started = { token: newRefreshToken(), expiresAt: refreshExpiry() };
    const session = await ctx.sessions.start(customer.id, hashRefreshToken(started.token), started.expiresAt);
    refreshToken = { ...started, familyId: session.familyId };
  }
  const access = await signAccessToken(ctx.keys, ctx.tokenSettings, { ...customer, sessionId: refreshToken.familyId });
  ctx.viewer = { id: customer.id, roles: customer.roles };
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken: refreshToken.token,
    refreshTokenExpiresAt: refreshToken.expiresAt.toISOString(),
    customer,
  };
}

export async function register(ctx: Context, rawInput: unknown): Promise<AuthPayload> {
  const { password, ...input } = parseInput(registerInput, rawInput);
  let customer: Customer;
  try {
    customer = await ctx.customers.register(
      { ...input, passwordHash: await hashPassword(password), roles: ['CUSTOMER'] },
      ctx.correlationId,
    );
  } catch (err) {
    if (err instanceof DuplicateError) throw conflict('An account with this email already exists; sign in instead.');
    throw err;
  }
  return issueTokens(ctx, customer);
}

export async function login(ctx: Context, rawInput: unknown): Promise<AuthPayload> {
  const { email, password } = parseInput(loginInput, rawInput);
  await ctx.throttle.before(email, ctx.clientAddress);
  const customer = await ctx.customers.findByEmail(email);
  // The decoy keeps unknown emails as slow as wrong passwords.
  const valid = await verifyPassword(password, customer?.passwordHash ?? DECOY_HASH);
  if (!customer || !valid) {
    await ctx.throttle.failed(email, ctx.clientAddress);
    throw unauthenticated('The email or password is incorrect.');
  }
  await ctx.throttle.succeeded(email, ctx.clientAddress);
  return issueTokens(ctx, customer);
}

export async function refresh(ctx: Context, refreshToken: string): Promise<AuthPayload> {
  if (refreshToken.length > 200) throw unauthenticated('The refresh token is not valid.');
  const successor = { token: newRefreshToken(), expiresAt: refreshExpiry() };
  const { verdict, session } = await ctx.sessions.redeem(hashRefreshToken(refreshToken), {
    tokenHash: hashRefreshToken(successor.token),
    expiresAt: successor.expiresAt,
  });
  switch (verdict.kind) {
    case 'rotate': {
      const customer = await ctx.loaders.customer.load(session!.customerId);
      if (!customer) throw unauthenticated('The account no longer exists.');
      return issueTokens(ctx, customer, { ...successor, familyId: session!.familyId });
    }
    case 'reuse':
      ctx.logger.warn({ customerId: session?.customerId }, 'refresh token reused; session family revoked');
      throw unauthenticated('This refresh token was already used, so every session it belongs to has ended. Sign in again.');
    case 'expired':
      throw unauthenticated('The refresh token has expired. Sign in again.');
    case 'revoked':
      throw unauthenticated('This session has ended. Sign in again.');
    case 'unknown':
      throw unauthenticated('The refresh token is not valid.');
  }
}

export async function logout(ctx: Context, refreshToken: string): Promise<boolean> {
  if (refreshToken.length > 200) return false;
  return ctx.sessions.revokeFamilyOf(hashRefreshToken(refreshToken));
}

export async function changePassword(ctx: Context, rawInput: unknown): Promise<boolean> {
  const viewer = requireViewer(ctx.viewer);
  const { currentPassword, newPassword } = parseInput(changePasswordInput, rawInput);
  const customer = await ctx.loaders.customer.load(viewer.id);
  if (!customer) throw unauthenticated('The account no longer exists.');
  // Guessing the current password here is throttled like guessing it at login.
  await ctx.throttle.before(customer.email, ctx.clientAddress);
  if (!(await verifyPassword(currentPassword, customer.passwordHash))) {
    await ctx.throttle.failed(customer.email, ctx.clientAddress);
    throw badUserInput('The current password is incorrect.', {
      fields: [{ field: 'currentPassword', message: 'is incorrect' }],
    });
  }
  await ctx.customers.setPassword(customer.id, await hashPassword(newPassword));
  return true;
}

/**
 * Makes sure the configured first admin exists and holds ADMIN (start-up, from env).
 * An existing account keeps its password; a new one gets the configured password.
 */
export async function ensureAdmin(deps: Pick<Deps, 'customers' | 'logger'>, admin: { email: string; password: string }) {
  const email = admin.email.trim().toLowerCase();
  const existing = await deps.customers.findByEmail(email);
  if (existing) {
    if (!existing.roles.includes('ADMIN')) {
      await deps.customers.update(existing.id, (c) => ({ roles: [...c.roles, 'ADMIN'] }));
      deps.logger.info({ customerId: existing.id }, 'granted ADMIN to the configured first admin');
    }
    return existing.id;
  }
  try {
    const created = await deps.customers.register({
      email,
      firstName: 'Admin',
      lastName: 'Admin',
      phone: null,
      passwordHash: await hashPassword(admin.password),
      roles: ['CUSTOMER', 'ADMIN'],
    });
    deps.logger.info({ customerId: created.id }, 'created the configured first admin');
    return created.id;
  } catch (err) {
    // Another replica created it in the meantime.
    if (err instanceof DuplicateError) return (await deps.customers.findByEmail(email))!.id;
    throw err;
  }
}
