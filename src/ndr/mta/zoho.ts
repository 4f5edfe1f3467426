/**
 * Zoho Mail's delivery reports. Failures: "This message was created automatically by mail
 * delivery software." and one line per recipient, "bob@example.org Invalid Address, ERROR_CODE
 * :550, ERROR_CODE :5.1.1 <bob@example.org>... User Unknown" (Zoho's category, the reply code,
 * then the reply). Delay warnings: "[Status: Error, Address: <bob@example.org>, ResponseCode
 * 421, , Host not reachable.]" and "Message will be retried for N more day(s)".
 * "Host not reachable" is Zoho's own wording for a destination it could not connect to (no
 * server answered), which the format itself decides as `expired`.
 * @module
 */
import { ADDRESS_IN_TEXT, textBeforeOriginal } from '../report-text.js';
import type { BounceMessage, MtaParser, NdrExtract, RecipientMatter } from '../types.js';

const ERROR_CODE = ', ERROR_CODE :';
const STATUS_LINE = /^\s*\[Status: [^,\]]{0,40}, Address: <([^<>\s]{1,320})>, ResponseCode ([^,\]]{0,20}), ([^,\]]{0,40}), ([^\]]{0,1000})\]/;
const DELAY = /THIS IS A WARNING MESSAGE ONLY|will be retried for/i;
const NOT_REACHABLE = /\bhost not reachable\b/i;
const MAX_LINES = 400;
const WHOLE_ADDRESS = new RegExp(`^${ADDRESS_IN_TEXT.source}$`);

function isZohoSender(msg: BounceMessage): boolean {
  return /\bmailer-daemon@(?:[a-z0-9-]+\.)*zoho(?:mail)?\.[a-z.]{2,6}\b/i.test(msg.from)
    || msg.headers.some((h) => h.name === 'x-zohomail' || h.name === 'x-zoho-virus-status');
}

function isZohoReport(msg: BounceMessage): boolean {
  if (!isZohoSender(msg)) return false;
  const head = msg.text.slice(0, 16 * 1024);
  return head.includes(ERROR_CODE) || /^\s*\[Status: [^\]]{0,80}, Address: </m.test(head);
}

function matterOf(recipient: string, code: string, words: string, delayed: boolean): RecipientMatter {
  const matter: RecipientMatter = { recipient, action: delayed ? 'delayed' : 'failed' };
  const text = words.replace(/^[\s,]+/, '').trim();
  const reply = /^[245]\d\d$/.test(code.trim()) ? code.trim() : '';
  if (reply) matter.replyCode = reply;
  const diagnostic = `${reply} ${text}`.trim();
  if (diagnostic) matter.diagnosticCode = diagnostic;
  if (NOT_REACHABLE.test(text)) {
    matter.reason = 'expired';
    matter.ruleId = 'zoho.host-not-reachable';
    matter.evidence = diagnostic;
  }
  return matter;
}

/** "bob@example.org Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 ... User Unknown". */
function fromErrorCodeLine(line: string, delayed: boolean): RecipientMatter | null {
  const at = line.indexOf(ERROR_CODE);
  if (at < 0) return null;
  const head = line.slice(0, at).trim();
  const recipient = head.split(/\s+/)[0] ?? '';
  if (!WHOLE_ADDRESS.test(recipient)) return null;
  const rest = line.slice(at + ERROR_CODE.length);
  const second = rest.indexOf(ERROR_CODE);
  const code = second >= 0 ? rest.slice(0, second) : '';
  const words = second >= 0 ? rest.slice(second + ERROR_CODE.length) : rest;
  return matterOf(recipient, code, words, delayed);
}

/**
 * Zoho's text is quoted-printable, and some copies arrive with the soft line breaks ("=" at the
 * end of a line) still in place: such a line continues on the next one.
 */
function joinSoftBreaks(lines: readonly string[]): string[] {
  const joined: string[] = [];
  let carry = '';
  for (const line of lines) {
    const current = carry + line;
    if (current.endsWith('=') && current.includes(ERROR_CODE)) {
      carry = current.slice(0, -1);
      continue;
    }
    carry = '';
    joined.push(current);
  }
  if (carry) joined.push(carry);
  return joined;
}

export const zohoParser: MtaParser & { hint(msg: BounceMessage): boolean } = {
  id: 'zoho',
  description: 'Zoho Mail delivery reports ("ERROR_CODE :550" lines, "[Status: ..., Address: ...]" warnings)',
  hint: isZohoSender,
  parse(msg) {
    if (!isZohoReport(msg)) return null;
    const text = textBeforeOriginal(msg.text);
    const delayed = DELAY.test(text);
    const matters: RecipientMatter[] = [];
    for (const line of joinSoftBreaks(text.split('\n').slice(0, MAX_LINES))) {
      const status = STATUS_LINE.exec(line);
      const matter = status?.[1]
        ? matterOf(status[1], status[2] ?? '', `${status[3] ?? ''} ${status[4] ?? ''}`, delayed)
        : fromErrorCodeLine(line, delayed);
      if (matter && !matters.some((m) => m.recipient.toLowerCase() === matter.recipient.toLowerCase())) matters.push(matter);
    }
    if (matters.length === 0) return null;
    const extract: NdrExtract = { mta: 'zoho', kind: delayed ? 'delay' : 'bounce', recipients: matters };
    return extract;
  },
};
