/**
 * The zod schema of a header analysis (src/headers/types.ts `HeaderReport`, what
 * `maildoctor headers --json` prints), for the responses of `POST /api/headers` and of
 * `POST /api/explain?headers=true`. `satisfies` ties it to the TypeScript type, so a field
 * added there and not here fails the type check instead of vanishing from the API.
 * @module
 */
import { z } from 'zod';
import type { HeaderReport } from '../../headers/types.js';
import { FindingSchema } from './finding-schema.js';

const str = z.string();
const nstr = z.string().nullable();
const nnum = z.number().nullable();
const pairs = z.record(z.string(), z.string());

const MailDateSchema = z.object({
  iso: str,
  epochMs: z.number(),
  zone: nstr,
  offsetMinutes: z.number(),
  oddities: z.array(z.enum(['fractional-seconds', 'zone-name', 'unknown-zone', 'military-zone', 'no-zone', 'colon-in-zone', 'two-digit-year', 'iso-format', 'asctime-format', 'no-semicolon'])),
});

const HopSchema = z.object({
  raw: str,
  from: nstr,
  helo: nstr,
  reverseName: nstr,
  reverseDns: z.enum(['shown', 'missing', 'not-shown']),
  mayBeForged: z.boolean(),
  fromIp: nstr,
  by: nstr,
  byIp: nstr,
  via: nstr,
  protocol: nstr,
  encrypted: z.boolean().nullable(),
  tls: z.object({ version: nstr, cipher: nstr }).nullable(),
  authenticated: z.boolean(),
  id: nstr,
  for: nstr,
  comments: z.array(str),
  dateText: nstr,
  date: MailDateSchema.nullable(),
  dateProblem: z.enum(['missing', 'unparseable']).nullable(),
  hop: z.number().int().describe('1 for the hop nearest the origin'),
  headerIndex: z.number().int(),
  fromIpScope: z.enum(['public', 'documentation', 'private', 'loopback', 'link-local', 'shared', 'unspecified', 'multicast', 'reserved']).nullable(),
  external: z.boolean(),
  delaySeconds: nnum,
});

const AuthMethodResultSchema = z.object({ method: str, result: str, reason: nstr, comment: nstr, properties: pairs });

const AuthenticationResultsSchema = z.object({
  header: z.enum(['authentication-results', 'authentication-results-original', 'arc-authentication-results']),
  authservId: nstr,
  version: nstr,
  addedBy: nstr,
  trusted: z.boolean(),
  untrustedReason: z.enum(['before-receiver', 'duplicate', 'original-copy']).nullable(),
  noResult: z.boolean(),
  results: z.array(AuthMethodResultSchema),
  headerIndex: z.number().int(),
  raw: str,
});

const ReceivedSpfSchema = z.object({
  result: nstr, comment: nstr, receiver: nstr, clientIp: nstr, envelopeFrom: nstr, helo: nstr,
  pairs, trusted: z.boolean(), headerIndex: z.number().int(), raw: str,
});

const DkimSignatureSchema = z.object({
  domain: nstr, selector: nstr, algorithm: nstr, signedHeaders: z.array(str), canonicalization: nstr,
  identity: nstr, timestamp: nnum, expiration: nnum, bodyLength: nnum, tags: pairs,
});

const ArcInstanceSchema = z.object({
  instance: z.number().int(),
  seal: z.object({ instance: nnum, cv: nstr, domain: nstr, selector: nstr, algorithm: nstr, timestamp: nnum, tags: pairs }).nullable(),
  messageSignature: z.object({ instance: nnum, domain: nstr, selector: nstr, algorithm: nstr, signedHeaders: z.array(str), tags: pairs }).nullable(),
  authenticationResults: AuthenticationResultsSchema.nullable(),
});

const AlignedIdentifierSchema = z.object({ domain: str, result: str, source: str, alignment: z.enum(['strict', 'relaxed', 'none']) });

const AuthenticationSchema = z.object({
  results: z.array(AuthenticationResultsSchema),
  receivedSpf: z.array(ReceivedSpfSchema),
  dkimSignatures: z.array(DkimSignatureSchema),
  arc: z.object({ status: z.enum(['none', 'pass', 'fail']), problems: z.array(str), instances: z.array(ArcInstanceSchema) }),
  alignment: z.object({
    fromDomain: nstr,
    fromOrganizationalDomain: nstr,
    multipleFrom: z.boolean(),
    spf: AlignedIdentifierSchema.nullable(),
    dkim: z.array(AlignedIdentifierSchema),
    aligned: z.boolean().nullable(),
  }),
  spf: nstr,
  dkim: nstr,
  dmarc: z.object({ result: str, domain: nstr, policy: nstr, action: nstr, by: nstr }).nullable(),
});

const DecodedFieldSchema = z.object({ field: str, raw: str, name: nstr, meaning: nstr, known: z.boolean() });
const LevelSchema = z.object({ value: z.number(), raw: str, header: str, meaning: str, folder: nstr });

const MicrosoftSchema = z.object({
  forefront: z.array(DecodedFieldSchema).nullable(),
  antispam: z.array(DecodedFieldSchema).nullable(),
  mailboxDelivery: z.array(DecodedFieldSchema).nullable(),
  scl: LevelSchema.nullable(),
  bcl: LevelSchema.nullable(),
  pcl: LevelSchema.nullable(),
  compauth: z.object({ result: str, resultMeaning: nstr, reason: nstr, reasonMeaning: nstr, by: nstr }).nullable(),
  folder: z.object({ folder: str, basis: str }).nullable(),
  stamps: z.array(z.object({ header: str, label: nstr, raw: str, meaning: nstr })),
});

const FilterVerdictSchema = z.object({
  filter: str,
  vendor: str,
  verdict: z.enum(['spam', 'not-spam']).nullable(),
  score: nnum,
  required: nnum,
  tests: z.array(str),
  stamps: z.array(z.object({ header: str, raw: str, pairs: z.array(z.object({ key: str, value: str })) })),
});

export const HeaderReportSchema = z
  .object({
    source: z.enum(['message', 'header-block', 'returned-original', 'attached-message', 'none']),
    readable: z.boolean(),
    message: z.object({ subject: nstr, from: nstr, to: nstr, date: nstr, messageId: nstr, returnPath: nstr }),
    route: z.object({ hops: z.array(HopSchema).describe('Transit order, origin first'), totalSeconds: nnum, boundaryHop: nnum }),
    authentication: AuthenticationSchema,
    microsoft: MicrosoftSchema.nullable(),
    filters: z.array(FilterVerdictSchema),
    findings: z.array(FindingSchema),
    notes: z.array(FindingSchema),
  })
  .meta({ id: 'HeaderReport', description: 'The analysis of one header block: route, authentication, Microsoft 365 and other filter verdicts (as `maildoctor headers --json`).' }) satisfies z.ZodType<HeaderReport>;

export const HeadersQuerySchema = z.object({
  outer: z.enum(['true', 'false']).optional().describe('Analyse the outer message even when it returns or attaches another one (as `--outer`)'),
  name: z.string().max(200).optional().describe('With a raw body: shown as `file` in the result (default `-`)'),
});

export const HeadersResultSchema = z
  .object({ file: z.string(), ...HeaderReportSchema.shape })
  .meta({ id: 'HeadersResult', description: 'The header analysis of one message, as `maildoctor headers --json` prints it.' });
