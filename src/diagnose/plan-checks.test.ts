import { describe, expect, it } from 'vitest';
import { allCodeEntries } from '../codes/lookup-code.js';
import type { BounceFact, Reason } from '../ndr/types.js';
import { GROUP_RULES } from './diagnose-knowledge.js';
import type { BounceIdentities } from './parse-bounce-identities.js';
import { planRecipient, selectCauseGroup } from './plan-checks.js';

function fact(over: Partial<BounceFact> & { codeId?: string } = {}): BounceFact {
  const { codeId, ...rest } = over;
  const code = codeId ? (allCodeEntries().find((e) => e.id === codeId) ?? null) : null;
  if (codeId && !code) throw new Error(`no code entry ${codeId}`);
  return {
    recipient: 'bob@fabrikam.example', originalRecipient: null, action: 'failed', status: null, replyCode: null, diagnosticCode: null,
    diagnosticType: null, remoteMta: null, reportingMta: null, command: null, date: null, reason: 'undefined', hardBounce: false,
    permanent: true, actor: 'sender', mta: 'postfix', ruleId: 'test', evidence: null, feedbackType: null, code,
    explanation: { summary: 'summary', user: [], admin: [] }, ...rest,
  };
}

const IDS: BounceIdentities = { sendingIp: '203.0.113.5', ipSource: 'reply', ipCertainty: 'reply', mailFrom: 'alice@contoso.example', mailFromSource: 'Return-Path', from: 'alice@contoso.example', dkim: [{ domain: 'contoso.example', selector: 's1' }, { domain: 'esp.example', selector: 'k2' }] };
const ONLINE = { offline: false, smtp: true, probeRcpt: false };

describe('selectCauseGroup: the rules of kb/cause-groups.json, in order', () => {
  it('every rule is the first to match each of its examples (no earlier rule shadows it)', () => {
    for (const rule of GROUP_RULES) {
      for (const ex of rule.examples) {
        const chosen = selectCauseGroup(fact({ status: ex.status, reason: ex.reason as Reason, diagnosticCode: ex.reply, ...(ex.codeId ? { codeId: ex.codeId } : {}) }));
        expect(chosen.rule, `${rule.id}: ${ex.reply}`).toBe(rule.id);
        expect(chosen.group).toBe(rule.group);
      }
    }
  });

  it('tells apart the meanings of one code by the analysis\' knowledge entry', () => {
    expect(selectCauseGroup(fact({ status: '5.2.2', reason: 'ratelimited', codeId: 'exo-5.2.2-submission-quota-exceeded' })).group).toBe('sender-limits');
    expect(selectCauseGroup(fact({ status: '5.2.2', reason: 'mailboxfull', codeId: 'exo-5.2.2-mailbox-full' })).group).toBe('other');
    expect(selectCauseGroup(fact({ status: '5.4.1', reason: 'norelaying', codeId: 'exo-5.4.1-relay-access-denied' })).group).toBe('routing');
    expect(selectCauseGroup(fact({ status: '5.4.1', reason: 'userunknown', codeId: 'exo-5.4.1-recipient-access-denied' })).group).toBe('address');
  });

  it('puts reverse-DNS refusals with reputation, not with the 5.7.2x authentication codes', () => {
    expect(selectCauseGroup(fact({ status: '5.7.25', reason: 'requireptr' })).group).toBe('reputation');
    expect(selectCauseGroup(fact({ status: '5.7.23', reason: 'authfailure' })).group).toBe('authentication');
  });

  it('falls back to other, named group.default', () => {
    expect(selectCauseGroup(fact({ status: '5.7.1', reason: 'spamdetected', diagnosticCode: '550 5.7.1 Message rejected as spam' }))).toEqual({ group: 'other', rule: 'group.default' });
  });
});

describe('planRecipient', () => {
  it('runs only the checks of the cause, with targets, and lists every other check as not called for', () => {
    const plan = planRecipient(fact({ status: '5.7.23', reason: 'authfailure' }), IDS, ONLINE);
    expect(plan.group).toBe('authentication');
    expect(plan.run.map((r) => `${r.check} ${r.target}`)).toEqual(['spf contoso.example', 'dkim s1._domainkey.contoso.example', 'dkim k2._domainkey.esp.example', 'dmarc contoso.example', 'alignment contoso.example']);
    expect(plan.notRun.filter((n) => n.kind === 'not-called-for').map((n) => n.check).sort()).toEqual(['address-syntax', 'dane', 'dnsbl', 'message-size', 'mtasts', 'mx', 'ptr', 'rcpt', 'smtp', 'typo']);
  });

  it('says why a check cannot run: no data in the bounce, --offline, --no-smtp, no --probe-rcpt', () => {
    const noIp = planRecipient(fact({ status: '5.7.606', reason: 'blocked' }), { ...IDS, sendingIp: null, ipSource: null, ipCertainty: null }, ONLINE);
    expect(noIp.run).toEqual([]);
    expect(noIp.notRun.filter((n) => n.kind === 'no-data').map((n) => n.check)).toEqual(['dnsbl', 'ptr']);
    const offline = planRecipient(fact({ status: '5.1.1', reason: 'userunknown' }), IDS, { offline: true, smtp: true, probeRcpt: false });
    expect(offline.run.map((r) => r.check)).toEqual(['address-syntax', 'typo']);
    expect(offline.notRun.find((n) => n.check === 'mx')).toMatchObject({ kind: 'option', why: expect.stringContaining('--offline') });
    const routing = planRecipient(fact({ status: '4.4.7', reason: 'expired' }), IDS, { offline: false, smtp: false, probeRcpt: false });
    expect(routing.run.map((r) => r.check)).toEqual(['mx', 'mtasts']);
    expect(routing.notRun.filter((n) => n.kind === 'option').map((n) => n.check)).toEqual(['smtp', 'dane', 'rcpt']);
    const probe = planRecipient(fact({ status: '4.4.7', reason: 'expired' }), IDS, { offline: false, smtp: true, probeRcpt: true });
    expect(probe.run.map((r) => r.check)).toEqual(['mx', 'smtp', 'mtasts', 'dane', 'rcpt']);
    expect(planRecipient(fact({ status: '4.4.7', reason: 'expired' }), IDS, ONLINE).notRun.find((n) => n.check === 'rcpt')?.why).toContain('--probe-rcpt');
  });

  it('a cause no check can prove runs nothing and says why; a delay notice is temporary', () => {
    const plan = planRecipient(fact({ status: '5.1.8', reason: 'rejected', codeId: 'exo-5.1.8-restricted-sender' }), IDS, ONLINE);
    expect(plan).toMatchObject({ group: 'sender-limits', run: [], temporary: false });
    expect(plan.notRun.every((n) => n.why.startsWith('no network check can prove'))).toBe(true);
    expect(planRecipient(fact({ status: '4.4.1', reason: 'expired', action: 'delayed' }), IDS, ONLINE).temporary).toBe(true);
  });

  it('without the envelope sender, the From domain stands in for SPF, and says so', () => {
    const plan = planRecipient(fact({ status: '5.7.23', reason: 'authfailure' }), { ...IDS, mailFrom: null, sendingIp: null }, ONLINE);
    expect(plan.run[0]).toMatchObject({ check: 'spf', target: 'contoso.example' });
    expect(plan.run[0]?.why).toMatch(/From domain stands in.*not evaluated for an address/);
  });
});
