/**
 * A fake KMS for the stand-in: the "ciphertext" is an opaque base64 envelope of key id, encryption
 * context and plaintext. Decrypt enforces KMS's rule that matters here: the encryption context must
 * equal the one used at Encrypt exactly, or it fails with InvalidCiphertextException.
 */
import { awsError, TARGETS, type AwsRoute } from './aws-stand-in';

const MAGIC = 'trailwatch-fake-kms:';
type Context = Record<string, string>;

/** The CiphertextBlob (base64) KMS Encrypt would return for this plaintext and context. */
export function fakeCiphertext(plaintext: string, context: Context, keyId = 'arn:aws:kms:ap-northeast-2:123456789012:key/test'): string {
  const envelope = JSON.stringify({ keyId, context, plaintext: Buffer.from(plaintext).toString('base64') });
  return Buffer.from(MAGIC + envelope).toString('base64');
}

const sameContext = (a: Context, b: Context): boolean =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

export const encryptRoute: AwsRoute = (body) => {
  const keyId = String(body.KeyId ?? '');
  if (!keyId) return awsError('ValidationException', 'KeyId is required');
  // Blobs travel base64-encoded in JSON 1.1 bodies.
  const plaintext = Buffer.from(String(body.Plaintext ?? ''), 'base64').toString('utf8');
  const blob = fakeCiphertext(plaintext, (body.EncryptionContext as Context) ?? {}, keyId);
  return { body: { CiphertextBlob: blob, KeyId: keyId, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' } };
};

export const decryptRoute: AwsRoute = (body) => {
  const raw = Buffer.from(String(body.CiphertextBlob ?? ''), 'base64').toString('utf8');
  if (!raw.startsWith(MAGIC)) return awsError('InvalidCiphertextException', '');
  const envelope = JSON.parse(raw.slice(MAGIC.length)) as { keyId: string; context: Context; plaintext: string };
  if (!sameContext(envelope.context, (body.EncryptionContext as Context) ?? {})) return awsError('InvalidCiphertextException', '');
  return { body: { KeyId: envelope.keyId, Plaintext: envelope.plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' } };
};

export const FAKE_KMS_ROUTES = { [TARGETS.encrypt]: encryptRoute, [TARGETS.decrypt]: decryptRoute };
