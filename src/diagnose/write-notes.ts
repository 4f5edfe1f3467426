/**
 * The three notes of a verdict, written from the cause's entry in kb/causes.json (our own
 * words, filled with this bounce's values; nothing is written per case in code): for the user
 * (plain words), for the admin (steps in order, with the Exchange Online steps added when the
 * bounce came from Exchange Online), and for the recipient's postmaster when their side must
 * act (a short, polite message with the evidence).
 * @module
 */
import type { BounceFact } from '../ndr/types.js';
import { replyOf } from './conclusion.js';
import { POSTMASTER_FRAME, fillTemplate, type CauseEntry } from './diagnose-knowledge.js';
import type { DiagnosisNotes, Verdict } from './types.js';

export interface NoteContext {
  /** The sender's mail service is Exchange Online (the bounce came from it). */
  microsoft365: boolean;
  /** When the failure happened, as the bounce says; null when it does not. */
  date: string | null;
}

/** Most evidence lines in a postmaster note (it is meant to be short). */
const MAX_POSTMASTER_EVIDENCE = 6;

/** A template line; a line that is only `{name}` of a list becomes one line per item. */
function lines(template: string, vars: Readonly<Record<string, unknown>>): string[] {
  const whole = /^\{([a-zA-Z0-9]+)\}$/.exec(template);
  const value = whole?.[1] ? vars[whole[1]] : undefined;
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  const filled = fillTemplate(template, vars);
  return filled ? [filled] : [];
}

export function writeNotes(entry: CauseEntry, vars: Readonly<Record<string, unknown>>, verdict: Verdict, fact: BounceFact, context: NoteContext): DiagnosisNotes {
  const userVars = { ...vars, userSteps: Array.isArray(vars['userSteps']) ? (vars['userSteps'] as string[]).join(' ') : vars['userSteps'] };
  const user = fillTemplate(entry.user, userVars) ?? fact.explanation.user.join(' ');
  const admin = [...entry.admin, ...(context.microsoft365 ? entry.adminMicrosoft365 : [])].flatMap((t) => lines(t, vars));
  let postmaster: string | null = null;
  const recipientActs = verdict.actor === 'recipient-admin' || verdict.actor === 'group-owner';
  if (entry.postmaster && (recipientActs || entry.postmasterAlways)) {
    const request = fillTemplate(entry.postmaster, vars);
    const evidence = verdict.evidence.filter((e) => e.source !== 'bounce' || e.field === 'sendingIp').slice(0, MAX_POSTMASTER_EVIDENCE).map((e) => `- ${e.message}`);
    if (request) {
      postmaster = fillTemplate(POSTMASTER_FRAME, {
        sender: vars['sender'] ?? 'our organisation',
        recipient: fact.recipient,
        byHost: fact.remoteMta ? ` by ${fact.remoteMta}` : '',
        when: context.date ? ` on ${context.date}` : '',
        reply: replyOf(fact),
        evidence: evidence.length > 0 ? evidence.join('\n') : `- ${verdict.cause}`,
        request,
      });
    }
  }
  return { user, admin, postmaster };
}
