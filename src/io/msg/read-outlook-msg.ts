/**
 * Reads an Outlook item file (.msg, [MS-OXMSG]: an OLE compound file of MAPI properties) into
 * the few properties a bounce analysis needs: the message class, the transport headers, the
 * body, the recipient table with the non-delivery properties of [MS-OXOMSG], and the embedded
 * returned original. Property tags are from [MS-OXPROPS]. Never throws: a damaged file, or an
 * OLE file that is not an Outlook item, gives null.
 * @module
 * @example
 * const msg = isOutlookMsg(bytes) ? readOutlookMsg(bytes) : null;
 * msg?.recipients[0]?.supplementaryInfo; // "Remote Server returned '550 5.1.1 ...'"
 */
import { createRequire } from 'node:module';
import type { FieldsData } from '@kenjiuno/msgreader';
import { MAX_HEADER_BYTES, MAX_LINE_CHARS, MAX_MIME_PARTS, MAX_RECIPIENTS, MAX_TEXT_PART_CHARS } from '../../core/limits.js';
import { validateCompoundFile } from './validate-compound-file.js';

/** One row of the recipient table (for a report: one recipient the report is about). */
export interface OutlookRecipient {
  /** PidTagDisplayName 0x3001. */
  displayName: string | null;
  /** PidTagAddressType 0x3002: `SMTP`, `EX`, ... */
  addressType: string | null;
  /** PidTagEmailAddress 0x3003 (an X.500 DN for `EX` addresses). */
  emailAddress: string | null;
  /** PidTagSmtpAddress 0x39FE. */
  smtpAddress: string | null;
  /** PidTagNonDeliveryReportReasonCode 0x0C04 (MAPI_REASON_*). */
  reasonCode: number | null;
  /** PidTagNonDeliveryReportDiagCode 0x0C05 (MAPI_DIAG_*). */
  diagCode: number | null;
  /** PidTagSupplementaryInfo 0x0C1B: the remote server's words, as the reporting server wrote them. */
  supplementaryInfo: string | null;
  /** PidTagNonDeliveryReportStatusCode 0x0C20, raw. */
  statusCode: number | null;
}

/** The properties of one message object (the report itself, or its embedded original). */
export interface OutlookMessage {
  /** PidTagMessageClass 0x001A, e.g. `REPORT.IPM.Note.NDR`. */
  messageClass: string | null;
  /** PidTagSubject 0x0037. */
  subject: string | null;
  /** PidTagOriginalSubject 0x0049 (on reports: the subject of the message reported on). */
  originalSubject: string | null;
  /** PidTagTransportMessageHeaders 0x007D: the header block as received. */
  transportHeaders: string | null;
  /** PidTagInternetMessageId 0x1035. */
  internetMessageId: string | null;
  /** PidTagSenderName 0x0C1A. */
  senderName: string | null;
  /** PidTagSenderSmtpAddress 0x5D01, else PidTagSenderEmailAddress 0x0C1F when it is an address. */
  senderAddress: string | null;
  /** PidTagDisplayTo 0x0E04. */
  displayTo: string | null;
  /** PidTagClientSubmitTime 0x0039, else PidTagMessageDeliveryTime 0x0E06 (RFC 5322 date form). */
  date: string | null;
  /** PidTagBody 0x1000. */
  body: string | null;
  /** PidTagHtml 0x1013, decoded with PidTagInternetCodepage 0x3FDE. */
  html: string | null;
  recipients: OutlookRecipient[];
  /** The first attachment whose PidTagAttachMethod 0x3705 is 5 (afEmbeddedMessage). */
  embedded: OutlookMessage | null;
}

export interface OutlookMsg extends OutlookMessage {
  /** What was cut to stay inside the limits (empty when nothing was). */
  cuts: string[];
}

/** The OLE compound file signature ([MS-CFB] 2.2, Header Signature). */
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** PidTagAttachMethod value for an embedded message object ([MS-OXCMSG] PidTagAttachMethod). */
const ATTACH_EMBEDDED_MESSAGE = 5;

type MsgReaderClass = typeof import('@kenjiuno/msgreader').default;
let msgReaderClass: MsgReaderClass | null = null;

/**
 * msgreader is loaded on the first .msg file, not at start-up: most inputs are not .msg files.
 * It is CommonJS, with the class as its `default` export.
 */
function msgReader(): MsgReaderClass {
  msgReaderClass ??= (createRequire(import.meta.url)('@kenjiuno/msgreader') as { default: MsgReaderClass }).default;
  return msgReaderClass;
}

/** Whether the bytes start with the OLE compound file signature (Outlook .msg files do). */
export function isOutlookMsg(bytes: Uint8Array): boolean {
  return bytes.byteLength >= CFB_SIGNATURE.length && CFB_SIGNATURE.every((b, i) => bytes[i] === b);
}

type PropValue = string | number | boolean | Uint8Array;

/** Properties by tag id (4 hex digits, lower case), each with its type suffix. */
class PropertyBag {
  private readonly byTag = new Map<string, PropValue>();

  constructor(fields: FieldsData) {
    for (const prop of fields.rawProps ?? []) {
      const value = prop.value as PropValue | undefined;
      if (prop.propertyTag && value !== undefined && !this.byTag.has(prop.propertyTag)) this.byTag.set(prop.propertyTag, value);
    }
  }

  get size(): number {
    return this.byTag.size;
  }

  /** A string property, Unicode (PtypString 001F) or 8-bit (PtypString8 001E). */
  text(id: string, maxChars = MAX_LINE_CHARS): string | null {
    const value = this.byTag.get(id + '001f') ?? this.byTag.get(id + '001e');
    if (typeof value !== 'string') return null;
    const text = value.slice(0, maxChars).trim();
    return text === '' ? null : text;
  }

  /** A PtypInteger32 (0003) property, as the signed value MAPI defines (MAPI_DIAG_NO_DIAGNOSTIC is -1). */
  int(id: string): number | null {
    const value = this.byTag.get(id + '0003');
    return typeof value === 'number' ? value | 0 : null;
  }

  /** A PtypTime (0040) property, as msgreader renders it (`Mon, 15 Feb 2021 08:19:04 GMT`). */
  time(id: string): string | null {
    const value = this.byTag.get(id + '0040');
    return typeof value === 'string' && !value.startsWith('Invalid') ? value : null;
  }

  binary(id: string): Uint8Array | null {
    const value = this.byTag.get(id + '0102');
    return value instanceof Uint8Array ? value : null;
  }
}

/** TextDecoder labels for the Windows code pages that PidTagInternetCodepage names. */
const CODEPAGE_LABELS: Record<number, string> = {
  65001: 'utf-8', 20127: 'us-ascii', 28591: 'iso-8859-1', 28592: 'iso-8859-2', 28595: 'iso-8859-5',
  28597: 'iso-8859-7', 28605: 'iso-8859-15', 932: 'shift_jis', 936: 'gbk', 949: 'euc-kr', 950: 'big5',
  50220: 'iso-2022-jp', 51932: 'euc-jp', 20866: 'koi8-r', 874: 'windows-874',
  1250: 'windows-1250', 1251: 'windows-1251', 1252: 'windows-1252', 1253: 'windows-1253',
  1254: 'windows-1254', 1255: 'windows-1255', 1256: 'windows-1256', 1257: 'windows-1257', 1258: 'windows-1258',
};

function decodeHtml(props: PropertyBag, cuts: string[]): string | null {
  const text = props.text('1013', MAX_TEXT_PART_CHARS);
  if (text) return text;
  const bytes = props.binary('1013');
  if (!bytes || bytes.byteLength === 0) return null;
  const label = CODEPAGE_LABELS[props.int('3fde') ?? 65001] ?? 'utf-8';
  let html: string;
  try {
    html = new TextDecoder(label).decode(bytes.subarray(0, MAX_TEXT_PART_CHARS * 2));
  } catch {
    html = new TextDecoder('utf-8').decode(bytes.subarray(0, MAX_TEXT_PART_CHARS * 2));
  }
  if (html.length > MAX_TEXT_PART_CHARS) cuts.push(`the HTML body was cut to ${MAX_TEXT_PART_CHARS} characters (MAX_TEXT_PART_CHARS)`);
  return html.slice(0, MAX_TEXT_PART_CHARS).replace(/\0+$/, '') || null;
}

function looksLikeAddress(value: string | null): string | null {
  return value && /^[^\s@<>]+@[^\s@<>]+$/.test(value) ? value : null;
}

function readRecipient(fields: FieldsData): OutlookRecipient {
  const props = new PropertyBag(fields);
  return {
    displayName: props.text('3001'),
    addressType: props.text('3002'),
    emailAddress: props.text('3003'),
    smtpAddress: props.text('39fe'),
    reasonCode: props.int('0c04'),
    diagCode: props.int('0c05'),
    supplementaryInfo: props.text('0c1b'),
    statusCode: props.int('0c20'),
  };
}

function readMessage(fields: FieldsData, cuts: string[], embedding: boolean): OutlookMessage {
  const props = new PropertyBag(fields);
  const body = props.text('1000', MAX_TEXT_PART_CHARS + 1);
  if (body && body.length > MAX_TEXT_PART_CHARS) cuts.push(`the body was cut to ${MAX_TEXT_PART_CHARS} characters (MAX_TEXT_PART_CHARS)`);
  const headers = props.text('007d', MAX_HEADER_BYTES + 1);
  if (headers && headers.length > MAX_HEADER_BYTES) cuts.push(`the transport headers were cut to ${MAX_HEADER_BYTES} characters (MAX_HEADER_BYTES)`);
  let rows = fields.recipients ?? [];
  if (rows.length > MAX_RECIPIENTS) {
    cuts.push(`only the first ${MAX_RECIPIENTS} rows of the recipient table were read (MAX_RECIPIENTS)`);
    rows = rows.slice(0, MAX_RECIPIENTS);
  }
  let embedded: OutlookMessage | null = null;
  if (embedding) {
    // The returned original: Outlook keeps it as an embedded message attachment.
    for (const attachment of (fields.attachments ?? []).slice(0, MAX_MIME_PARTS)) {
      const inner = attachment.innerMsgContentFields;
      if (!attachment.innerMsgContent || !inner) continue;
      const method = new PropertyBag(attachment).int('3705');
      if (method !== null && method !== ATTACH_EMBEDDED_MESSAGE) continue;
      embedded = readMessage(inner, cuts, false);
      break;
    }
  }
  return {
    messageClass: props.text('001a'),
    subject: props.text('0037'),
    originalSubject: props.text('0049'),
    transportHeaders: headers?.slice(0, MAX_HEADER_BYTES) ?? null,
    internetMessageId: props.text('1035'),
    senderName: props.text('0c1a'),
    senderAddress: looksLikeAddress(props.text('5d01')) ?? looksLikeAddress(props.text('0c1f')),
    displayTo: props.text('0e04'),
    date: props.time('0039') ?? props.time('0e06'),
    body: body?.slice(0, MAX_TEXT_PART_CHARS) ?? null,
    html: decodeHtml(props, cuts),
    recipients: rows.map(readRecipient),
    embedded,
  };
}

/**
 * Reads a .msg file. Returns null when the file is damaged, when its structure would make the
 * reader work without bound (see validate-compound-file.ts), or when it is an OLE file of
 * another kind (a Word or Excel document has no MAPI property stream).
 */
export function readOutlookMsg(bytes: Uint8Array): OutlookMsg | null {
  if (!isOutlookMsg(bytes) || validateCompoundFile(bytes) !== null) return null;
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const reader = new (msgReader())(buffer);
    reader.parserConfig = { includeRawProps: true };
    const fields = reader.getFileData();
    if (fields.error || fields.dataType !== 'msg') return null;
    const cuts: string[] = [];
    const message = readMessage(fields, cuts, true);
    if (new PropertyBag(fields).size === 0) return null;
    return { ...message, cuts };
  } catch {
    return null;
  }
}
