/**
 * One renderer per chat service: each owns its message format, its size cap and what counts as a refusal.
 */
import type { Alert } from '../alert';
import type { RefusalRules } from '../webhook';

export interface ChatTarget {
  readonly rules: RefusalRules;
  /** The full message, within the service's size cap. */
  render(alert: Alert): unknown;
  /** Title, alarm, account, time, count and links only: what goes when the full message is refused. */
  renderMinimal(alert: Alert): unknown;
}
