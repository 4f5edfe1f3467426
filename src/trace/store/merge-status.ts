/**
 * "Latest wins" for one message and recipient, the same in every store: a status with a later
 * time replaces an earlier one; at the same time (a summary export gives every status the
 * message's Received time) a final status beats a transient one (Delivered beats Pending,
 * whichever export was imported first); otherwise the later import wins.
 * @module
 */
import { FINAL_STATUSES, type DeliveryStatus } from '../types.js';

export interface StoredStatus {
  status: string | null;
  status_at: number | null;
}

export function shouldReplaceStatus(existing: StoredStatus, incoming: { value: DeliveryStatus; at: number }): boolean {
  if (existing.status === null || existing.status_at === null) return true;
  if (incoming.at !== existing.status_at) return incoming.at > existing.status_at;
  if (incoming.value === existing.status) return false;
  const incomingFinal = FINAL_STATUSES.has(incoming.value);
  const existingFinal = FINAL_STATUSES.has(existing.status as DeliveryStatus);
  if (incomingFinal !== existingFinal) return incomingFinal;
  return true;
}
