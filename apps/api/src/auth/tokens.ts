/**
 * API token secrets: random, shown once, stored only as sha256 hex. Node's crypto only.
 */
import { createHash, randomBytes } from 'node:crypto';

/** A new secret: `fv_` + 32 random bytes (base64url, 43 chars). */
export const generateTokenSecret = (): string => `fv_${randomBytes(32).toString('base64url')}`;

/** What the database stores: sha256 hex (64 lower-case digits). */
export const hashToken = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * The longest secret the API checks. Generated secrets are 46 characters; FLOWVERIFY_BOOTSTRAP_TOKEN may be any
 * length up to this (Node refuses request headers over 16 KB anyway).
 */
export const MAX_TOKEN_LENGTH = 8192;

/**
 * The first characters, to recognise a token in lists (`fv_AbC12`): 8, but never more than a quarter of the
 * secret (FLOWVERIFY_BOOTSTRAP_TOKEN may be short), and at least 1 (the database's CHECK).
 */
export const tokenPrefix = (secret: string): string =>
  secret.slice(0, Math.max(1, Math.min(8, Math.floor(secret.length / 4))));
