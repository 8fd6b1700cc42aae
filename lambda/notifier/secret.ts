/**
 * A webhook URL, decrypted from its ciphertext variable (WEBHOOK_URL) with KMS. Lazy: decrypted at the first alarm,
 * never at import (the reference Lambda decrypted at import, so one KMS hiccup broke the whole
 * container), then kept for the container's life. A failed decrypt is not kept: the next
 * invocation tries again.
 *
 * The ciphertext follows the Lambda console "encryption helpers" convention: encrypted with
 * encryption context `{ LambdaFunctionName: <function name> }`, which Decrypt must repeat exactly
 * (reference: alarm-notifier-formats §6.1).
 */
import { DecryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { describeError } from './log';

export interface HookUrlSource {
  get(signal: AbortSignal): Promise<string>;
}

export interface Ciphertext {
  readonly blob: string;
  readonly functionName: string;
  /** The variable that holds it, for error messages. */
  readonly variable: string;
}

export function createHookUrlSource(kms: KMSClient, ciphertext: () => Ciphertext): HookUrlSource {
  let cached: Promise<string> | undefined;
  return {
    get(signal) {
      if (!cached) {
        const attempt = decryptHookUrl(kms, ciphertext(), signal);
        cached = attempt;
        attempt.catch(() => {
          if (cached === attempt) cached = undefined;
        });
      }
      return cached;
    },
  };
}

async function decryptHookUrl(kms: KMSClient, { blob, functionName, variable }: Ciphertext, signal: AbortSignal): Promise<string> {
  let plaintext: Uint8Array | undefined;
  try {
    const out = await kms.send(
      new DecryptCommand({ CiphertextBlob: Buffer.from(blob, 'base64'), EncryptionContext: { LambdaFunctionName: functionName } }),
      { abortSignal: signal },
    );
    plaintext = out.Plaintext;
  } catch (error) {
    throw new Error(`Cannot decrypt ${variable} with KMS: ${hint(error, functionName)}`);
  }
  const url = plaintext ? Buffer.from(plaintext).toString('utf8').trim() : '';
  // The plaintext is not quoted in the error: it might be the secret itself, slightly malformed.
  if (!/^https?:\/\/[^\s]+$/i.test(url)) throw new Error(`${variable} decrypts to something that is not an http(s) URL.`);
  return url;
}

function hint(error: unknown, functionName: string): string {
  const name = (error as { name?: unknown } | undefined)?.name;
  switch (name) {
    case 'InvalidCiphertextException':
      return `InvalidCiphertextException. The ciphertext must be encrypted with encryption context {"LambdaFunctionName":"${functionName}"} (re-encrypt after renaming the function; see npm run encrypt-webhook).`;
    case 'AccessDeniedException':
      return `AccessDeniedException. The function's role needs kms:Decrypt on the key, with kms:EncryptionContext:LambdaFunctionName = "${functionName}". (${describeError(error)})`;
    case 'AbortError':
      return 'timed out';
    default:
      return describeError(error);
  }
}
