/**
 * SMTP reply codes (RFC 5321 section 4.2) and enhanced status codes (RFC 3463 section 2).
 * @module
 */

/** Enhanced status code: class 2, 4 or 5, subject and detail of 1-3 digits (RFC 3463 section 2). */
export const ENHANCED_STATUS_PATTERN = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;
const ENHANCED_STATUS_EXACT = /^([245])\.(\d{1,3})\.(\d{1,3})$/;
/** Basic reply code: first digit 2-5, second 0-5 (RFC 5321 section 4.2.1). */
const REPLY_CODE_EXACT = /^[2-5][0-5]\d$/;

export interface EnhancedStatus {
  klass: 2 | 4 | 5;
  subject: number;
  detail: number;
}

export function parseEnhancedStatus(text: string): EnhancedStatus | null {
  const m = ENHANCED_STATUS_EXACT.exec(text.trim());
  if (!m) return null;
  return { klass: Number(m[1]) as 2 | 4 | 5, subject: Number(m[2]), detail: Number(m[3]) };
}

export function isEnhancedStatus(text: string): boolean {
  return ENHANCED_STATUS_EXACT.test(text);
}

export function isReplyCode(text: string): boolean {
  return REPLY_CODE_EXACT.test(text);
}

/** Normalises `5.01.001` to `5.1.1`; returns null for anything that is not a status code. */
export function normalizeStatus(text: string | undefined | null): string | null {
  if (!text) return null;
  const parsed = parseEnhancedStatus(text);
  if (!parsed) return null;
  return `${parsed.klass}.${parsed.subject}.${parsed.detail}`;
}

/**
 * Finds the first reply code and enhanced status code at the start of an SMTP reply or
 * diagnostic text, such as `550 5.1.1 <bob@example.com>: User unknown` or `550-5.7.1 ...`.
 */
export function findReplyAndStatus(text: string): { replyCode: string | null; status: string | null } {
  const head = /(?:^|[\s;:'"([#<])([2-5][0-5]\d)(?:[ -]|$)(?:\s*#?([245]\.\d{1,3}\.\d{1,3})\b)?/.exec(text.slice(0, 4000));
  let replyCode = head?.[1] ?? null;
  let status = head?.[2] ? normalizeStatus(head[2]) : null;
  if (!status) {
    const m = /(?:^|[^\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.]*\d)/.exec(text.slice(0, 4000));
    if (m?.[1]) status = normalizeStatus(m[1]);
  }
  if (replyCode && status && replyCode[0] !== status[0] && replyCode[0] !== '5' && replyCode[0] !== '4') {
    replyCode = null;
  }
  return { replyCode, status };
}

/** Whether a status class means the failure is permanent (5) rather than transient (4). */
export function isPermanentClass(code: string | null | undefined): boolean | null {
  if (!code) return null;
  if (code.startsWith('5')) return true;
  if (code.startsWith('4')) return false;
  return null;
}
