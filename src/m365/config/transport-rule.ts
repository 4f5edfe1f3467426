/**
 * Get-TransportRule (mail flow rules): rules that reject, silently delete, redirect, hold
 * (quarantine, moderation) or reroute mail that crosses the organisation's boundary, with the
 * rule's name, priority and condition. Only enabled rules in Enforce mode inside their
 * activation window act; Audit rules are listed as not enforced. A rejecting rule's NDR code
 * is its RejectMessageEnhancedStatusCode (5.7.1 default, or 5.7.900-5.7.999).
 * Source: https://learn.microsoft.com/powershell/module/exchange/new-transportrule;
 * exchange-online-cmdlets.md section 3.
 * @module
 */
import { configFinding, type ConfigFinding, type ConfigSubject } from './config-findings.js';
import { readBool, readDate, readEnum, readList, readNumber, readText, type ValueReader } from './export-values.js';
import type { ExportObject } from './read-powershell-json.js';

const SCOPES = ['InOrganization', 'NotInOrganization', 'ExternalPartner', 'ExternalNonPartner'] as const;
type Scope = (typeof SCOPES)[number];

export interface TransportRule {
  subject: ConfigSubject;
  name: string;
  priority: number | null;
  enabled: boolean;
  mode: 'Enforce' | 'Audit' | 'AuditAndNotify' | null;
  activation: string | null;
  expiry: string | null;
  fromScope: Scope | null;
  sentToScope: Scope | null;
  condition: string;
  reject: { status: string; text: string | null } | null;
  delete: boolean;
  redirectTo: string[];
  quarantine: boolean;
  moderators: string[];
  connector: string | null;
}

/** Condition properties shown when the rule has no Description (New-TransportRule parameter names). */
const CONDITION_PROPERTIES = [
  'FromScope', 'SentToScope', 'From', 'SentTo', 'FromMemberOf', 'SentToMemberOf', 'SenderDomainIs', 'RecipientDomainIs',
  'SenderIpRanges', 'SubjectContainsWords', 'SubjectOrBodyContainsWords', 'HeaderContainsMessageHeader', 'HeaderContainsWords',
  'FromAddressContainsWords', 'RecipientAddressContainsWords', 'AttachmentExtensionMatchesWords', 'MessageSizeOver', 'AttachmentSizeOver',
] as const;

/** The "If the message:" part of Exchange's Description text, on one line. */
function conditionFromDescription(description: string | null): string | null {
  if (!description) return null;
  const match = /If the message:\s*([\s\S]*?)(?:Take the following actions:|$)/i.exec(description);
  const text = (match?.[1] ?? '').replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

function conditionFromProperties(obj: ExportObject): string {
  const parts = CONDITION_PROPERTIES.flatMap((p) => {
    const values = readList(obj, p);
    return values.length > 0 ? [`${p} ${values.join(', ')}`] : [];
  });
  return parts.length > 0 ? parts.join('; ') : 'all messages (no condition)';
}

export function readTransportRule(obj: ExportObject, reader: ValueReader): TransportRule {
  const name = readText(obj, 'Name') ?? readText(obj, 'Identity') ?? '(unnamed rule)';
  const status = readText(obj, 'RejectMessageEnhancedStatusCode');
  const text = readText(obj, 'RejectMessageReasonText');
  const state = readEnum(obj, 'State', ['Enabled', 'Disabled'] as const, reader);
  return {
    subject: reader.subject,
    name,
    priority: readNumber(obj, 'Priority'),
    enabled: state !== 'Disabled',
    mode: readEnum(obj, 'Mode', ['Enforce', 'Audit', 'AuditAndNotify'] as const, reader),
    activation: readDate(obj, 'ActivationDate'),
    expiry: readDate(obj, 'ExpiryDate'),
    fromScope: readEnum(obj, 'FromScope', SCOPES, reader),
    sentToScope: readEnum(obj, 'SentToScope', SCOPES, reader),
    condition: conditionFromDescription(readText(obj, 'Description')) ?? conditionFromProperties(obj),
    reject: status || text ? { status: status ?? '5.7.1', text } : null,
    delete: readBool(obj, 'DeleteMessage') === true,
    redirectTo: readList(obj, 'RedirectMessageTo'),
    quarantine: readBool(obj, 'Quarantine') === true,
    moderators: readList(obj, 'ModerateMessageByUser').concat(readBool(obj, 'ModerateMessageByManager') === true ? ['the sender\'s manager'] : []),
    connector: readText(obj, 'RouteMessageOutboundConnector'),
  };
}

const EXTERNAL: readonly (Scope | null)[] = ['NotInOrganization', 'ExternalPartner', 'ExternalNonPartner'];

function direction(rule: TransportRule): string | null {
  if (EXTERNAL.includes(rule.sentToScope)) return 'outbound';
  if (EXTERNAL.includes(rule.fromScope)) return 'inbound';
  return null;
}

/** Mail between two people inside the organisation only. */
function internalOnly(rule: TransportRule): boolean {
  return rule.fromScope === 'InOrganization' && rule.sentToScope === 'InOrganization';
}

function actionWords(rule: TransportRule): string[] {
  return [
    ...(rule.reject ? [`reject with ${rule.reject.status}`] : []),
    ...(rule.delete ? ['delete messages'] : []),
    ...(rule.redirectTo.length > 0 ? ['redirect messages'] : []),
    ...(rule.quarantine || rule.moderators.length > 0 ? ['hold messages'] : []),
  ];
}

export function evaluateTransportRules(rules: readonly TransportRule[], now: Date): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  const ordered = [...rules].sort((a, b) => (a.priority ?? 1e9) - (b.priority ?? 1e9));
  for (const rule of ordered) {
    if (!rule.enabled) continue;
    if (rule.activation && new Date(rule.activation) > now) continue;
    if (rule.expiry && new Date(rule.expiry) < now) continue;
    const base = { rule: rule.name, priority: rule.priority ?? '?', condition: rule.condition };
    if (rule.mode === 'Audit' || rule.mode === 'AuditAndNotify') {
      const actions = actionWords(rule);
      if (actions.length > 0) out.push(configFinding('m365.rule-not-enforced', rule.subject, { ...base, action: actions.join(', '), mode: rule.mode }));
      continue;
    }
    const dir = direction(rule);
    const external = !internalOnly(rule);
    const dirText = dir ?? 'matching';
    if (rule.reject) {
      const vars = { ...base, direction: dirText, reasonText: rule.reject.text ? ` ("${rule.reject.text}")` : '' };
      out.push(configFinding(dir ? 'm365.rule-rejects-external' : 'm365.rule-rejects', rule.subject, vars, rule.reject.status));
    }
    if (rule.delete && external) out.push(configFinding('m365.rule-deletes-external', rule.subject, { ...base, direction: dirText }));
    if (rule.redirectTo.length > 0 && external) out.push(configFinding('m365.rule-redirects-external', rule.subject, { ...base, direction: dirText, target: rule.redirectTo }));
    if ((rule.quarantine || rule.moderators.length > 0) && external) {
      const hold = rule.quarantine ? 'the quarantine' : `approval by ${rule.moderators.join(', ')}`;
      out.push(configFinding('m365.rule-holds-external', rule.subject, { ...base, direction: dirText, hold }));
    }
    if (rule.connector) out.push(configFinding('m365.rule-routes-via-connector', rule.subject, { ...base, connector: rule.connector }));
  }
  return out;
}
