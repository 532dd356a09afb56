// Owns which issue events an endpoint can subscribe to: the first event (received) and every workflow transition.
import { TRANSITION_TYPES, webhookEventType } from '@app/contracts';

export const WEBHOOK_EVENT_TYPES: readonly string[] = ['received', ...TRANSITION_TYPES].map(webhookEventType);
