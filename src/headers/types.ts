/**
 * Types of the message-header analysis. Field names follow the standards they come from:
 * RFC 5321 section 4.4 (Received clauses), RFC 8601 (Authentication-Results), RFC 7208
 * section 9.1 (Received-SPF), RFC 6376 (DKIM-Signature tags), RFC 8617 (ARC), RFC 7489 (DMARC
 * alignment), and Microsoft's header documentation for the Microsoft 365 stamps.
 * @module
 */
import type { Finding } from '../core/finding.js';
import type { IdentifierAlignment } from '../core/identifier-alignment.js';
import type { IpScope } from '../core/ip-address.js';

/** A finding of the header analysis: a Finding plus what to do about it (from kb/findings.json). */
export interface HeaderFinding extends Finding {
  fix?: string;
}

/** Ways a date was read although it is not in the RFC 5322 section 3.3 form. */
export type DateOddity =
  | 'fractional-seconds'
  | 'zone-name'
  | 'unknown-zone'
  | 'military-zone'
  | 'no-zone'
  | 'colon-in-zone'
  | 'two-digit-year'
  | 'iso-format'
  | 'asctime-format'
  | 'no-semicolon';

export interface MailDate {
  /** The instant in UTC, ISO 8601 with milliseconds. */
  iso: string;
  epochMs: number;
  /** The zone as written (`+0000`, `PST`, `CEST`), or null when there was none. */
  zone: string | null;
  /** The offset used, in minutes east of UTC. */
  offsetMinutes: number;
  oddities: DateOddity[];
}

export type DateProblem = 'missing' | 'unparseable';

/** What a Received header says about the reverse DNS (PTR) name of the connecting client. */
export type ReverseDnsStatus = 'shown' | 'missing' | 'not-shown';

export interface TlsInfo {
  /** Normalised version (`TLS 1.3`, `TLS 1.2`, `SSL 3.0`), or null when only "TLS" is stated. */
  version: string | null;
  cipher: string | null;
}

/** One Received header, parsed (RFC 5321 section 4.4 plus the comment conventions of real MTAs). */
export interface ReceivedHeader {
  raw: string;
  /** The `from` clause's first word as written (the HELO/EHLO name, or an address literal). */
  from: string | null;
  /** The name the client gave in HELO/EHLO, when it can be told apart from the reverse name. */
  helo: string | null;
  /** The reverse DNS name the receiving MTA recorded for the client's IP. */
  reverseName: string | null;
  reverseDns: ReverseDnsStatus;
  /** Sendmail's `(may be forged)`: the reverse name does not resolve back to the IP. */
  mayBeForged: boolean;
  fromIp: string | null;
  by: string | null;
  byIp: string | null;
  via: string | null;
  /** The `with` clause: `SMTP`, `ESMTPS`, `ESMTPSA`, `LMTP`, `HTTPS`, `mapi`, `Microsoft SMTP Server`, ... */
  protocol: string | null;
  /** True when TLS is stated, false for an SMTP protocol with no TLS stated, null when unknown. */
  encrypted: boolean | null;
  tls: TlsInfo | null;
  /** The client authenticated (ESMTPA, ESMTPSA, "Authenticated sender"). */
  authenticated: boolean;
  id: string | null;
  for: string | null;
  comments: string[];
  /** The date text after the last `;` (or found at the end when the `;` is missing). */
  dateText: string | null;
  date: MailDate | null;
  dateProblem: DateProblem | null;
}

export type { IpScope };

/** One hop of the route, in transit order (origin first). */
export interface Hop extends ReceivedHeader {
  /** 1 for the hop nearest the origin. */
  hop: number;
  /** Position of the Received field in the header block (0 = topmost). */
  headerIndex: number;
  fromIpScope: IpScope | null;
  /** The hop crosses from one organisation to another over a public address. */
  external: boolean;
  /** Seconds since the previous hop that has a date; null for the first or when undated. */
  delaySeconds: number | null;
}

export interface RouteReport {
  hops: Hop[];
  /** Seconds from the first dated hop to the last dated hop; null with fewer than two dates. */
  totalSeconds: number | null;
  /** `hop` number of the hop where the message entered the receiving organisation, or null. */
  boundaryHop: number | null;
}

/** One `method=result` of an Authentication-Results field (RFC 8601 section 2.2). */
export interface AuthMethodResult {
  method: string;
  result: string;
  reason: string | null;
  comment: string | null;
  /** `ptype.property` values (`smtp.mailfrom`, `header.from`, `header.d`) and other pairs (`action`). */
  properties: Record<string, string>;
}

export type UntrustedReason = 'before-receiver' | 'duplicate' | 'original-copy';

export interface AuthenticationResultsHeader {
  header: 'authentication-results' | 'authentication-results-original' | 'arc-authentication-results';
  /** The authserv-id (RFC 8601 section 2.5); Microsoft 365 writes none. */
  authservId: string | null;
  version: string | null;
  /** Who added the field: the authserv-id, else the receiving host of the hop it sits on. */
  addedBy: string | null;
  /** Written by the receiving organisation (not by a host the message passed before). */
  trusted: boolean;
  untrustedReason: UntrustedReason | null;
  /** `; none`: the host checked nothing. */
  noResult: boolean;
  results: AuthMethodResult[];
  headerIndex: number;
  raw: string;
}

export interface ReceivedSpf {
  result: string | null;
  comment: string | null;
  receiver: string | null;
  clientIp: string | null;
  envelopeFrom: string | null;
  helo: string | null;
  pairs: Record<string, string>;
  trusted: boolean;
  headerIndex: number;
  raw: string;
}

export interface DkimSignature {
  domain: string | null;
  selector: string | null;
  algorithm: string | null;
  /** The `h=` list, lower-case, in order. */
  signedHeaders: string[];
  canonicalization: string | null;
  identity: string | null;
  timestamp: number | null;
  expiration: number | null;
  bodyLength: number | null;
  tags: Record<string, string>;
}

export interface ArcSeal {
  instance: number | null;
  cv: string | null;
  domain: string | null;
  selector: string | null;
  algorithm: string | null;
  timestamp: number | null;
  tags: Record<string, string>;
}

export interface ArcMessageSignature {
  instance: number | null;
  domain: string | null;
  selector: string | null;
  algorithm: string | null;
  signedHeaders: string[];
  tags: Record<string, string>;
}

export interface ArcInstance {
  instance: number;
  seal: ArcSeal | null;
  messageSignature: ArcMessageSignature | null;
  authenticationResults: AuthenticationResultsHeader | null;
}

/** ARC chain status from the headers (RFC 8617 section 5.2 structure and cv=); signatures are not verified. */
export interface ArcChain {
  status: 'none' | 'pass' | 'fail';
  /** Why the chain is `fail`. */
  problems: string[];
  instances: ArcInstance[];
}

export type Alignment = IdentifierAlignment;

export interface AlignedIdentifier {
  domain: string;
  /** Verification result from a trusted Authentication-Results, or `unverified` (a DKIM-Signature seen). */
  result: string;
  source: string;
  alignment: Alignment;
}

/** DMARC identifier alignment (RFC 7489 section 3.1) of the From domain with SPF and DKIM. */
export interface DmarcAlignment {
  fromDomain: string | null;
  fromOrganizationalDomain: string | null;
  multipleFrom: boolean;
  spf: AlignedIdentifier | null;
  dkim: AlignedIdentifier[];
  /** An SPF or DKIM pass that is aligned (relaxed); null when nothing verified is known. */
  aligned: boolean | null;
}

export interface DmarcVerdict {
  result: string;
  domain: string | null;
  /** Published policy (`none`, `quarantine`, `reject`) as the receiver reported it, or null. */
  policy: string | null;
  /** Microsoft's `action=` (`oreject`, `pct.quarantine`, ...). */
  action: string | null;
  by: string | null;
}

export interface AuthenticationReport {
  results: AuthenticationResultsHeader[];
  receivedSpf: ReceivedSpf[];
  dkimSignatures: DkimSignature[];
  arc: ArcChain;
  alignment: DmarcAlignment;
  /** The verdicts of the receiving organisation (topmost trusted result of each method). */
  spf: string | null;
  dkim: string | null;
  dmarc: DmarcVerdict | null;
}

/** One decoded `KEY:value` of a Microsoft stamp; the raw value is always kept. */
export interface DecodedField {
  field: string;
  raw: string;
  /** What the field is (from kb/microsoft-antispam.json), or null for an unknown field. */
  name: string | null;
  /** What this value means, or null when the value has no documented meaning. */
  meaning: string | null;
  known: boolean;
}

export interface LevelMeaning {
  value: number;
  raw: string;
  /** Which header gave it. */
  header: string;
  meaning: string;
  folder: string | null;
}

export interface CompauthVerdict {
  result: string;
  resultMeaning: string | null;
  reason: string | null;
  reasonMeaning: string | null;
  by: string | null;
}

export interface MicrosoftStamp {
  header: string;
  label: string | null;
  raw: string;
  meaning: string | null;
}

export interface MicrosoftReport {
  forefront: DecodedField[] | null;
  antispam: DecodedField[] | null;
  mailboxDelivery: DecodedField[] | null;
  scl: LevelMeaning | null;
  bcl: LevelMeaning | null;
  pcl: LevelMeaning | null;
  compauth: CompauthVerdict | null;
  /** Where the message went or goes, and why we think so. */
  folder: { folder: string; basis: string } | null;
  stamps: MicrosoftStamp[];
}

export interface StampPair {
  key: string;
  value: string;
}

/** One stamp header of a filter, with its key=value pairs when it has any. */
export interface FilterStamp {
  header: string;
  raw: string;
  pairs: StampPair[];
}

/** What a spam filter other than Microsoft's stamped on the message (topmost stamp of each header). */
export interface FilterVerdict {
  /** Filter id from kb/filter-stamps.json (`spamassassin`, `barracuda`, `proofpoint`, `mimecast`). */
  filter: string;
  vendor: string;
  verdict: 'spam' | 'not-spam' | null;
  score: number | null;
  required: number | null;
  tests: string[];
  stamps: FilterStamp[];
}

/** Which header set was analysed. */
export type HeaderSource = 'message' | 'header-block' | 'returned-original' | 'attached-message' | 'none';

export interface MessageSummary {
  subject: string | null;
  from: string | null;
  to: string | null;
  date: string | null;
  messageId: string | null;
  returnPath: string | null;
}

export interface HeaderReport {
  source: HeaderSource;
  /** False when no header field could be read at all. */
  readable: boolean;
  message: MessageSummary;
  route: RouteReport;
  authentication: AuthenticationReport;
  microsoft: MicrosoftReport | null;
  filters: FilterVerdict[];
  findings: HeaderFinding[];
  /** What could not be read, limits reached, and which part of the input was analysed. */
  notes: Finding[];
}
