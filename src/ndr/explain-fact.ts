/**
 * Attaches knowledge to a classified recipient: the status-code entry (Exchange Online's own
 * meaning where Microsoft produced or refused the message), who must act, and the steps for
 * the user and the admin.
 * @module
 */
import { exchangeMeaningFor, isPermanentFor, isRegisteredStatus, registryEntryFor } from '../codes/lookup-code.js';
import type { Actor, CodeEntry } from '../codes/types.js';
import { isPermanentClass } from '../core/smtp-status.js';
import { reasonInfo, type Reason } from './classify/reasons.js';
import type { DsnAction, Explanation } from './types.js';

/** MTA ids of Microsoft's own NDR writers. */
export const MICROSOFT_MTAS: ReadonlySet<string> = new Set(['exchange-online', 'exchange-server', 'exchange-2003', 'outlook-com']);
/** Exchange's own component tokens in a reply (RESOLVER.ADR.*, STOREDRV.*, QUEUE.Expired ...). */
const EXCHANGE_TOKENS = /\b(?:RESOLVER\.[A-Z]{2,4}\.|STOREDRV\.|QUEUE\.Expired|ROUTING\.[A-Z]|SMTPSEND\.)/;
const MICROSOFT_HOST = /(?:\.outlook\.com|\.protection\.outlook\.com|\.office365\.com|\.exchangelabs\.com|hotmail\.com|\.mx\.microsoft|\.microsoft\.com)$/i;

/**
 * Whether Microsoft produced the status code, so that Exchange Online's meanings apply: the
 * refusing host is Microsoft's, or a Microsoft NDR names no other host, or the code is one only
 * Exchange uses (not in the IANA registry, such as 5.1.351 or 5.4.316).
 */
export function isMicrosoftCode(status: string, mta: string, remoteMta: string | null, diagnostic = ''): boolean {
  const remote = (remoteMta ?? '').toLowerCase();
  if (remote && MICROSOFT_HOST.test(remote)) return true;
  if (!MICROSOFT_MTAS.has(mta)) return false;
  if (EXCHANGE_TOKENS.test(diagnostic)) return true;
  return !remote || !isRegisteredStatus(status);
}

export interface KnowledgeInput {
  status: string | null;
  replyCode: string | null;
  diagnosticCode: string | null;
  remoteMta: string | null;
  mta: string;
  reason: Reason;
  action: DsnAction | null;
  recipient: string;
}

export interface Knowledge {
  code: CodeEntry | null;
  actor: Actor;
  permanent: boolean | null;
  explanation: Explanation;
}

function chooseCodeEntry(input: KnowledgeInput): CodeEntry | null {
  if (!input.status) return null;
  // The reported status first; then the code the final reply itself carries (a retry history
  // reports the cause's status, while its final reply is Exchange's QUEUE.Expired).
  const mentioned = (input.diagnosticCode ?? '').slice(0, 2000).match(/\b[245]\.\d{1,3}\.\d{1,3}\b/g) ?? [];
  for (const status of [input.status, ...mentioned.slice(0, 4)]) {
    if (status && isMicrosoftCode(status, input.mta, input.remoteMta, input.diagnosticCode ?? '')) {
      const meaning = exchangeMeaningFor(status, input.diagnosticCode ?? '');
      if (meaning) return meaning;
    }
  }
  return registryEntryFor(input.status);
}

function fill(template: string, recipient: string): string {
  const domain = recipient.split('@')[1] ?? 'the recipient domain';
  return template.replace(/\{recipient\}/g, recipient || 'the recipient').replace(/\{domain\}/g, domain);
}

const NON_FAILURES: ReadonlySet<Reason> = new Set(['delivered', 'feedback', 'vacation']);

export function knowledgeFor(input: KnowledgeInput): Knowledge {
  const info = reasonInfo(input.reason);
  const code = NON_FAILURES.has(input.reason) ? null : chooseCodeEntry(input);
  let permanent: boolean | null = null;
  if (NON_FAILURES.has(input.reason)) permanent = null;
  else if (input.action === 'delayed') permanent = false;
  else permanent = isPermanentClass(input.status) ?? isPermanentClass(input.replyCode) ?? (code ? isPermanentFor(code, input.status) : null);

  // Exchange Online entries name the actor for their specific meaning; otherwise the reason's.
  let actor: Actor = code?.family === 'exchange-online' ? code.actor : info.actor;
  if (input.action === 'delayed' || NON_FAILURES.has(input.reason)) actor = 'none';

  const useCodeSteps = code?.family === 'exchange-online';
  const explanation: Explanation = {
    summary: code?.family === 'exchange-online' ? `${fill(info.summary, input.recipient)} (${code.title})` : fill(info.summary, input.recipient),
    user: useCodeSteps ? code.userSteps : info.user,
    admin: useCodeSteps ? code.adminSteps : info.admin,
  };
  return { code, actor, permanent, explanation };
}
