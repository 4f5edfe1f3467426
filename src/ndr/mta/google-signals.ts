/**
 * How to tell the reports Google's mail system writes (Gmail, Google Workspace, Google Groups)
 * from other reports: the sender Google uses for them, and the failed recipients it names in
 * X-Failed-Recipients.
 * @module
 */
import { rawHeaders } from '../../mime/header-lines.js';
import { addressesIn } from '../report-text.js';
import type { BounceMessage } from '../types.js';

/** The "Mail Delivery Subsystem" address of Google's reports. */
const GOOGLE_DAEMON = /\bmailer-daemon@(?:googlemail|gmail|google)\.com\b/i;

/** True when the report comes from Google's own mail delivery subsystem. */
export function isGoogleDaemon(msg: BounceMessage): boolean {
  return GOOGLE_DAEMON.test(msg.from);
}

/** Addresses in the X-Failed-Recipients header fields (Google, Exim and others write it). */
export function failedRecipientsHeader(msg: BounceMessage): string[] {
  return rawHeaders(msg.headers, 'x-failed-recipients').flatMap((value) => addressesIn(value));
}
