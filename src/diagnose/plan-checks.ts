/**
 * The planner: for one failed recipient, the cause group its bounce belongs to (the ordered
 * rules of kb/cause-groups.json), and ONLY the checks that group calls for, each with its
 * target and the reason; every other check is listed as not run, with why (not called for by
 * the cause, data the bounce does not give, --offline, --no-smtp, no --probe-rcpt). Pure.
 * @module
 */
import { normalizeDomain } from '../core/domain-name.js';
import type { BounceFact } from '../ndr/types.js';
import { CAUSE_GROUP_INFO, DIAGNOSE_CHECK_INFO, GROUP_RULES, type GroupCheck } from './diagnose-knowledge.js';
import { matchBounceRule } from './match-bounce-rule.js';
import type { BounceIdentities } from './parse-bounce-identities.js';
import { DIAGNOSE_CHECKS, type CauseGroupId, type PlannedCheck, type RecipientPlan, type SkippedCheck } from './types.js';

export interface PlanOptions {
  /** No network check at all (--offline). */
  offline: boolean;
  /** SMTP probes of the MX hosts are allowed (not --no-smtp). */
  smtp: boolean;
  /** RCPT TO is asked of the MX hosts (--probe-rcpt). */
  probeRcpt: boolean;
}

/** The cause group of a failed recipient, and the rule that chose it. */
export function selectCauseGroup(fact: BounceFact): { group: CauseGroupId; rule: string } {
  for (const rule of GROUP_RULES) if (matchBounceRule(rule, fact, true)) return { group: rule.group, rule: rule.id };
  return { group: 'other', rule: 'group.default' };
}

/** The domain of an address, normalised; null when it has none. */
export function domainOf(address: string | null | undefined): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  const domain = at < 0 ? '' : normalizeDomain(address.slice(at + 1).replace(/[>\s].*$/, ''));
  return domain === '' ? null : domain;
}

/** A delay notice: the sending server is still retrying (RFC 3464 section 2.3.3). */
export function isTemporary(fact: BounceFact): boolean {
  return fact.action === 'delayed';
}

type Targets = { targets: string[]; why?: string } | { targets: []; missing: string };

/** The targets of one group check, or why it has none in this bounce. */
function targetsOf(spec: GroupCheck, fact: BounceFact, ids: BounceIdentities): Targets {
  const recipientDomain = domainOf(fact.recipient);
  switch (spec.subject) {
    case 'recipient':
      return fact.recipient ? { targets: [fact.recipient] } : { targets: [], missing: 'the bounce does not name the recipient' };
    case 'recipient-domain':
      return recipientDomain ? { targets: [recipientDomain] } : { targets: [], missing: 'the recipient address has no domain' };
    case 'envelope-domain': {
      const domain = domainOf(ids.mailFrom) ?? domainOf(ids.from);
      if (!domain) return { targets: [], missing: 'the bounce returns neither the envelope sender (Return-Path) nor the From address' };
      const notes = [
        ids.mailFrom ? null : 'the envelope sender is not in the bounce: the From domain stands in for it',
        ids.sendingIp ? null : 'the bounce does not name the sending IP: the record is checked, not evaluated for an address',
      ].filter(Boolean);
      return notes.length > 0 ? { targets: [domain], why: notes.join('; ') } : { targets: [domain] };
    }
    case 'dkim-signature':
      return ids.dkim.length > 0 ? { targets: ids.dkim.map((d) => `${d.selector}._domainkey.${d.domain}`) } : { targets: [], missing: 'the returned original has no DKIM-Signature (or the bounce returns no headers)' };
    case 'from-domain': {
      const domain = domainOf(ids.from);
      return domain ? { targets: [domain] } : { targets: [], missing: 'the bounce does not return the From address' };
    }
    case 'sending-ip':
      return ids.sendingIp ? { targets: [ids.sendingIp] } : { targets: [], missing: 'the bounce does not name the sending IP (neither the reply nor the returned Received headers)' };
    case 'message':
      // The original's size is held against the limits of the recipient domain's MX hosts.
      return recipientDomain ? { targets: [recipientDomain] } : { targets: [], missing: 'the recipient address has no domain' };
  }
}

/** Why a network check of the group cannot run under these options, or null. */
function blockedBy(check: GroupCheck['check'], options: PlanOptions): string | null {
  if (options.offline && DIAGNOSE_CHECK_INFO.get(check)?.network) return '--offline: no network check is made; the verdict comes from the bounce alone';
  if ((check === 'smtp' || check === 'dane' || check === 'message-size') && !options.smtp) return '--no-smtp: the MX hosts are not connected to';
  if (check === 'rcpt' && !options.smtp) return '--no-smtp: the MX hosts are not connected to';
  if (check === 'rcpt' && !options.probeRcpt) return 'not checked: run with --probe-rcpt to ask the MX whether it takes mail for the domain (MAIL FROM:<> and RCPT TO postmaster; no message is sent)';
  return null;
}

/** The plan for one failed recipient. */
export function planRecipient(fact: BounceFact, ids: BounceIdentities, options: PlanOptions): RecipientPlan {
  const { group, rule } = selectCauseGroup(fact);
  const info = CAUSE_GROUP_INFO.get(group);
  if (!info) throw new Error(`no cause group ${group}`);
  const run: PlannedCheck[] = [];
  const notRun: SkippedCheck[] = [];
  for (const spec of info.checks) {
    const found = targetsOf(spec, fact, ids);
    if ('missing' in found) {
      notRun.push({ check: spec.check, target: null, kind: 'no-data', why: found.missing });
      continue;
    }
    for (const target of found.targets) {
      const blocked = blockedBy(spec.check, options);
      if (blocked) notRun.push({ check: spec.check, target, kind: 'option', why: blocked });
      else run.push({ check: spec.check, target, why: found.why ? `${spec.why} (${found.why})` : spec.why });
    }
  }
  const asked = new Set(info.checks.map((c) => c.check));
  for (const check of DIAGNOSE_CHECKS) {
    if (asked.has(check)) continue;
    const why = info.checks.length === 0 ? (info.noChecks ?? 'no check is called for') : `not called for by the cause (${info.title}); this check tells ${DIAGNOSE_CHECK_INFO.get(check)?.what ?? check}`;
    notRun.push({ check, target: null, kind: 'not-called-for', why });
  }
  return { recipient: fact.recipient, group, groupRule: rule, temporary: isTemporary(fact), run, notRun };
}
