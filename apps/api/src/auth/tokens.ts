/**
 * API token secrets: random, shown once, stored only as sha256 hex. Node's crypto only.
 */
import { createHash, randomBytes } from 'node:crypto';

/** A new secret: `fv_` + 32 random bytes (base64url, 43 chars). */
export const generateTokenSecret = (): string => `fv_${randomBytes(32).toString('base64url')}`;

/** What the database stores: sha256 hex (64 lower-case digits). */
export const hashToken = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/** The first 8 characters, to recognise a token in lists (`fv_AbC12`). */
export const tokenPrefix = (secret: string): string => secret.slice(0, 8);
