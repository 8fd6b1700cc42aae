import type { WebhookTarget } from '../environment';
import { dooray } from './dooray';
import type { ChatTarget } from './target';

const TARGETS: Readonly<Record<WebhookTarget, ChatTarget>> = { dooray, slack: dooray, teams: dooray };

export function targetOf(name: WebhookTarget): ChatTarget {
  return TARGETS[name];
}
