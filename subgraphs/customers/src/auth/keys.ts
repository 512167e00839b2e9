import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, type CryptoKey } from 'jose';
import { ACCESS_TOKEN_ALG } from '@commerce/service-kit';

/** The signing keys: the first signs new tokens; all of them verify (rotation by `kid`). */
export interface SigningKeys {
  active: { kid: string; key: CryptoKey };
  /** Public keys of every configured key, as served at /.well-known/jwks.json. */
  jwks: JSONWebKeySet;
}

interface KeyFile {
  keys: JWK[];
}

/** A new RSA key pair as a private JWK with a fresh `kid`. */
export async function generateSigningJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ACCESS_TOKEN_ALG, { modulusLength: 2048, extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: ACCESS_TOKEN_ALG, use: 'sig' };
}

/** Builds the key set from private JWKs (the first is active). */
export async function signingKeysFrom(privateJwks: JWK[]): Promise<SigningKeys> {
  const [first] = privateJwks;
  if (!first?.kid) throw new Error('signing keys: at least one private JWK with a kid is required');
  const publicKeys = privateJwks.map(({ kty, n, e, kid, alg }) => {
    if (!kid || !n || !e) throw new Error('signing keys: every key needs kid, n and e');
    return { kty, n, e, kid, alg: alg ?? ACCESS_TOKEN_ALG, use: 'sig' };
  });
  const key = (await importJWK(first, ACCESS_TOKEN_ALG)) as CryptoKey;
  return { active: { kid: first.kid, key }, jwks: { keys: publicKeys } };
}

/**
 * Loads the signing keys from `AUTH_SIGNING_KEYS` (JSON) or the key file. Outside
 * production a missing file is created with a fresh key, so local runs need no setup;
 * the file lives in the git-ignored .data folder and is never committed.
 */
export async function loadSigningKeys(options: {
  json?: string | undefined;
  file: string;
  allowGenerate: boolean;
}): Promise<SigningKeys> {
  if (options.json) return signingKeysFrom((JSON.parse(options.json) as KeyFile).keys);
  if (!existsSync(options.file)) {
    if (!options.allowGenerate) throw new Error(`no signing keys: set AUTH_SIGNING_KEYS or create ${options.file}`);
    mkdirSync(dirname(options.file), { recursive: true });
    const file: KeyFile = { keys: [await generateSigningJwk()] };
    // 'wx': if another replica created it first, keep theirs.
    try {
      writeFileSync(options.file, JSON.stringify(file, null, 2), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return signingKeysFrom((JSON.parse(readFileSync(options.file, 'utf8')) as KeyFile).keys);
}
