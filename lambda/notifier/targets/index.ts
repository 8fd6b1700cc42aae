import type { WebhookTarget } from '../environment';
import { dooray } from './dooray';
import { slack } from './slack';
import type { ChatTarget } from './target';
import { teams } from './teams';

const TARGETS: Readonly<Record<WebhookTarget, ChatTarget>> = { dooray, slack, teams };

export function targetOf(name: WebhookTarget): ChatTarget {
  return TARGETS[name];
}
