/**
 * Types of the bounce analysis: what a format or MTA parser extracts, and the report that
 * `analyzeBounce` returns.
 * @module
 */
import type { Finding } from '../core/finding.js';
import type { HeaderField } from '../mime/header-lines.js';
import type { MimeEntity, ParsedMessage } from '../mime/parse-message.js';
import type { Actor, CodeEntry } from '../codes/types.js';
import type { HeaderReport } from '../headers/types.js';
import type { Reason } from './classify/reasons.js';

export type { Reason } from './classify/reasons.js';

/** What a message turned out to be. */
export type MessageKind = 'bounce' | 'delay' | 'delivered' | 'autoreply' | 'feedback' | 'not-bounce';

/** DSN Action values (RFC 3464 section 2.3.3). */
export type DsnAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

/** SMTP commands a failure can be tied to. */
export type SmtpCommand = 'CONN' | 'HELO' | 'EHLO' | 'STARTTLS' | 'AUTH' | 'MAIL' | 'RCPT' | 'DATA' | 'BDAT' | '.';

/** The message as the analysers see it: headers, report text and report parts, decoded. */
export interface BounceMessage {
  parsed: ParsedMessage;
  headers: HeaderField[];
  subject: string;
  from: string;
  /** Human-readable text of the report (not of the returned original), LF line ends. */
  text: string;
  /** Lower-cased copy of `text`, computed once for phrase tests. */
  textLower: string;
  /** Body of the message/delivery-status part (RFC 3464), decoded. */
  deliveryStatus: string | null;
  /** Body of the message/feedback-report part (RFC 5965). */
  feedbackReport: string | null;
  /** `report-type` of a multipart/report, lower-case. */
  reportType: string | null;
  /** Header fields of the returned original message, when the report carries them. */
  originalHeaders: HeaderField[] | null;
  /** The returned original as an entity, when it came as message/rfc822. */
  originalEntity: MimeEntity | null;
  /** True when the input had no MIME headers at all (text pasted from a mail client). */
  pasted: boolean;
}

/** One recipient as a parser found it, before normalisation and classification. */
export interface RecipientMatter {
  recipient: string;
  originalRecipient?: string;
  action?: DsnAction;
  status?: string | null;
  replyCode?: string | null;
  /** The remote server's words (RFC 3464 Diagnostic-Code, or the reply quoted in the text). */
  diagnosticCode?: string;
  diagnosticType?: string;
  remoteMta?: string;
  reportingMta?: string;
  command?: SmtpCommand;
  /** Last-Attempt-Date or the time the failure was reported, as written. */
  date?: string;
  /** A reason the parser can decide from the format itself (parser-explicit stage). */
  reason?: Reason;
  ruleId?: string;
  evidence?: string;
  feedbackType?: string;
}

/** What one parser extracts from a message it recognises. */
export interface NdrExtract {
  mta: string;
  kind?: MessageKind;
  recipients: RecipientMatter[];
  reportingMta?: string;
  notes?: Finding[];
}

/** A format or MTA-family parser: returns null for messages that are not its own. */
export interface MtaParser {
  id: string;
  description: string;
  parse(msg: BounceMessage): NdrExtract | null;
}

/** One analysed recipient of a report. */
export interface BounceFact {
  recipient: string;
  originalRecipient: string | null;
  action: DsnAction | null;
  status: string | null;
  replyCode: string | null;
  diagnosticCode: string | null;
  diagnosticType: string | null;
  remoteMta: string | null;
  reportingMta: string | null;
  command: SmtpCommand | null;
  date: string | null;
  reason: Reason;
  hardBounce: boolean;
  permanent: boolean | null;
  actor: Actor;
  mta: string;
  ruleId: string;
  evidence: string | null;
  feedbackType: string | null;
  /** The knowledge-base entry for the status code, chosen by its text where a code has several meanings. */
  code: CodeEntry | null;
  explanation: Explanation;
}

export interface Explanation {
  summary: string;
  user: string[];
  admin: string[];
}

/** The returned original, as far as the report gives it. */
export interface OriginalMessage {
  messageId: string | null;
  subject: string | null;
  from: string | null;
  to: string | null;
  date: string | null;
  sendingIp: string | null;
  dkim: { domain: string; selector: string }[];
}

export interface BounceReport {
  kind: MessageKind;
  notBounceReason: string | null;
  mta: string | null;
  subject: string | null;
  from: string | null;
  date: string | null;
  bounces: BounceFact[];
  original: OriginalMessage | null;
  /** The returned original's header analysis (`maildoctor headers`), when asked for. */
  originalHeaders: HeaderReport | null;
  /** Notes about the input and the analysis (pasted text, truncation, limits). */
  notes: Finding[];
}
