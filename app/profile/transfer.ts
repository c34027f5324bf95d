// Encrypts and decrypts the single-file export of one profile under its own passphrase, so it can move between machines.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { UserError } from '../common/errors';
import { deriveKey, gcmDecrypt, gcmEncrypt, SCRYPT_DEFAULTS, scryptWithinLimits, type ScryptParams } from './vault';

/**
 * The single-file export of one profile: the whole profile (secrets included) encrypted
 * with AES-256-GCM under a key derived from its own passphrase (scrypt). The header is
 * authenticated too, so its parameters cannot be swapped.
 */
export const EXPORT_FORMAT = 'review-assistant-profile';

const ExportFileSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  kdf: z
    .object({
      name: z.literal('scrypt'),
      logN: z.number().int().min(10).max(20),
      r: z.number().int().min(1).max(32),
      p: z.number().int().min(1).max(4),
      salt: z.string(),
    })
    .refine(scryptWithinLimits, 'key derivation too costly'),
  check: z.string(),
  iv: z.string(),
  tag: z.string(),
  ciphertext: z.string(),
});

const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url');

function headerAad(kdf: z.infer<typeof ExportFileSchema>['kdf']): Buffer {
  return Buffer.from(JSON.stringify({ format: EXPORT_FORMAT, version: 1, kdf }));
}

const checkOf = (key: Buffer) => createHmac('sha256', key).update('export check').digest().subarray(0, 16);

export async function encryptExport(plaintext: string, passphrase: string, params: ScryptParams = SCRYPT_DEFAULTS): Promise<string> {
  const salt = randomBytes(16);
  const key = await deriveKey(passphrase, salt, params);
  const kdf = { name: 'scrypt' as const, logN: params.logN, r: params.r, p: params.p, salt: b64(salt) };
  const { iv, tag, ct } = gcmEncrypt(key, Buffer.from(plaintext, 'utf8'), headerAad(kdf));
  const file = { format: EXPORT_FORMAT, version: 1, kdf, check: b64(checkOf(key)), iv: b64(iv), tag: b64(tag), ciphertext: b64(ct) };
  return JSON.stringify(file, null, 2) + '\n';
}

/** `where` names the file in errors. */
export async function decryptExport(data: string, passphrase: string, where: string): Promise<string> {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    throw new UserError('validation', `${where} is not an exported profile (not JSON)`, { hint: 'pick the file written by "review-assistant profile export"' });
  }
  const r = ExportFileSchema.safeParse(raw);
  if (!r.success) {
    const v = (raw as { version?: unknown; format?: unknown } | null)?.version;
    if ((raw as { format?: unknown } | null)?.format === EXPORT_FORMAT && typeof v === 'number' && v > 1) {
      throw new UserError('conflict', `${where} was exported by a newer version of App Review Assistant`, {
        hint: 'upgrade App Review Assistant to import it',
      });
    }
    throw new UserError('validation', `${where} is not an exported profile or is damaged`, {
      hint: 'pick the file written by "review-assistant profile export"',
    });
  }
  const f = r.data;
  const key = await deriveKey(passphrase, unb64(f.kdf.salt), f.kdf);
  const check = unb64(f.check);
  const expected = checkOf(key);
  if (check.length !== expected.length || !timingSafeEqual(check, expected)) {
    throw new UserError('auth', `wrong passphrase for ${where}`, { hint: 'enter the passphrase chosen when the profile was exported' });
  }
  const pt = gcmDecrypt(key, { iv: unb64(f.iv), tag: unb64(f.tag), ct: unb64(f.ciphertext) }, headerAad(f.kdf));
  if (!pt)
    throw new UserError('auth', `${where} was altered after it was exported; it cannot be imported`, { hint: 'export the profile again from the original' });
  return pt.toString('utf8');
}
