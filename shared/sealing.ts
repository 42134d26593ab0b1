import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** The full GCM tag; nothing shorter is accepted. */
const TAG_BYTES = 16;

/** An AES-256-GCM key for one purpose, derived from a secret (HKDF-SHA256), so purposes never share a key. */
function keyFor(secret: string | Uint8Array, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `outreach ${purpose} v1`, 32));
}

/** Seals text (AES-256-GCM, random IV) into a URL-safe string only a holder of the secret can open. */
export function sealText(text: string, secret: string | Uint8Array, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** Opens sealed text; throws if it was altered, or sealed under another secret or purpose. */
export function openText(sealed: string, secret: string | Uint8Array, purpose: string): string {
  const [version, iv, body, tag, extra] = sealed.split('.');
  if (version !== 'v1' || !iv || !body || !tag || extra !== undefined) throw new Error('Not a sealed value');
  // GCM accepts tags as short as 4 bytes unless told otherwise: a cut tag would be a forgery 2^32 tries away.
  const authTag = Buffer.from(tag, 'base64url');
  if (authTag.length !== TAG_BYTES) throw new Error('Not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(secret, purpose), Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
  decipher.setAuthTag(authTag);
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
