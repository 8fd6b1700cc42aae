/**
 * Structured logs: one JSON line per decision, so CloudWatch Logs Insights can query
 * `msg`/`reason` without parsing prose. Never pass the webhook URL in `fields`.
 */
export type LogLevel = 'info' | 'warn' | 'error';

export function logDecision(level: LogLevel, msg: string, fields: Readonly<Record<string, unknown>> = {}): void {
  const line = JSON.stringify({ level, msg, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

/** A short, single-line description of any thrown value, for logs and the chat message. */
export function describeError(error: unknown, maxChars = 200): string {
  // Duck-typed: errors from other realms (fetch's DOMException, the SDK's) are not always `instanceof Error`.
  const { name, message } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; message?: unknown };
  const text =
    typeof message === 'string'
      ? `${typeof name === 'string' && name && name !== 'Error' ? `${name}: ` : ''}${message}`
      : String(error);
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}
