/**
 * Get-HostedOutboundSpamFilterPolicy: custom recipient limits low enough for ordinary senders
 * to reach (the user is then restricted and gets 550 5.1.8 when the action blocks), and the
 * automatic-forwarding control (Off: 5.7.520; Automatic now behaves as Off for most
 * organisations). What counts as low is data (outbound-policy-thresholds.json).
 * Source: https://learn.microsoft.com/powershell/module/exchange/set-hostedoutboundspamfilterpolicy;
 * exchange-online-cmdlets.md section 7; microsoft-365-mail-facts.md section 4.
 * @module
 */
import { configFinding, type ConfigFinding, type ConfigSubject } from './config-findings.js';
import { readEnum, readNumber, readText, type ValueReader } from './export-values.js';
import thresholds from './outbound-policy-thresholds.json' with { type: 'json' };
import type { ExportObject } from './read-powershell-json.js';

const LIMITS = [
  ['RecipientLimitExternalPerHour', 'external recipients per hour'],
  ['RecipientLimitInternalPerHour', 'internal recipients per hour'],
  ['RecipientLimitPerDay', 'recipients per day'],
] as const;
type LimitName = (typeof LIMITS)[number][0];

export interface OutboundSpamPolicy {
  subject: ConfigSubject;
  name: string;
  limits: Record<LimitName, number | null>;
  action: 'Alert' | 'BlockUser' | 'BlockUserForToday' | null;
  autoForwardingMode: 'Automatic' | 'On' | 'Off' | null;
}

export function readOutboundSpamPolicy(obj: ExportObject, reader: ValueReader): OutboundSpamPolicy {
  return {
    subject: reader.subject,
    name: readText(obj, 'Name') ?? readText(obj, 'Identity') ?? '(unnamed policy)',
    limits: Object.fromEntries(LIMITS.map(([p]) => [p, readNumber(obj, p)])) as Record<LimitName, number | null>,
    action: readEnum(obj, 'ActionWhenThresholdReached', ['Alert', 'BlockUser', 'BlockUserForToday'] as const, reader),
    autoForwardingMode: readEnum(obj, 'AutoForwardingMode', ['Automatic', 'On', 'Off'] as const, reader),
  };
}

const ACTION_WORDS = {
  Alert: 'an alert only (the user can still send)',
  BlockUser: 'the user is blocked from sending until an admin unblocks them',
  BlockUserForToday: 'the user is blocked from sending until the next day (UTC)',
} as const;

export function evaluateOutboundSpamPolicies(policies: readonly OutboundSpamPolicy[]): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  for (const p of policies) {
    // The default action is BlockUserForToday (Set-HostedOutboundSpamFilterPolicy).
    const action = p.action ?? 'BlockUserForToday';
    const low = LIMITS.filter(([name]) => {
      const value = p.limits[name];
      return value !== null && value > 0 && value < thresholds[name];
    });
    if (low.length > 0 && action !== 'Alert') {
      out.push(configFinding('m365.outbound-limit-low', p.subject, {
        policy: p.name,
        limits: low.map(([name, words]) => `${p.limits[name]} ${words}`),
        action: ACTION_WORDS[action],
        consequence: 'users who reach them to be refused with 550 5.1.8 and listed as restricted',
      }));
    }
    if (p.autoForwardingMode === 'Off') {
      out.push(configFinding('m365.autoforward-blocked', p.subject, {
        policy: p.name,
        by: `outbound spam policy "${p.name}" (AutoForwardingMode Off)`,
        effect: 'messages forwarded automatically to external addresses are refused and the user gets an NDR with 5.7.520',
        fix: `If some users must forward outside, give them a policy with AutoForwardingMode On; otherwise nothing to do.`,
      }));
    }
    if (p.autoForwardingMode === 'Automatic') out.push(configFinding('m365.autoforward-automatic', p.subject, { policy: p.name }));
  }
  return out;
}
