/**
 * Request and response schemas of `POST /api/check/domain`, `/api/check/path` and
 * `/api/check/ip`. The response is what `maildoctor check ... --json` prints
 * (src/report/render-check-json.ts); each check's `data` is that check's own structure,
 * described in the README and src/checks, and passed through as it is.
 * @module
 */
import { z } from 'zod';
import { CHECK_NAMES, CHECK_STATUSES } from '../../checks/types.js';
import { DNS_RCODES, DNS_RECORD_TYPES } from '../../io/dns/resolver.js';
import { SeveritySchema } from './finding-schema.js';

const domain = z.string().min(1).max(253);
const address = z.string().min(3).max(320);
const blocklists = z
  .array(z.string().min(1).max(253))
  .max(50)
  .optional()
  .describe('Blocklist ids or zones of src/checks/dnsbl/lists.json, or "default" / "all" (default: the default set), as `--blocklist`');

export const CheckDomainBodySchema = z
  .object({
    domain: domain.describe('The domain, e.g. contoso.com'),
    selectors: z.array(z.string().min(1).max(63)).max(20).optional().describe('DKIM selectors to check besides the common ones'),
    smtp: z.boolean().default(true).describe('Probe the MX hosts over SMTP (STARTTLS, certificates, DANE); false as `--no-smtp`. Off for every request when the server runs with --no-smtp'),
    probeRcpt: z.boolean().default(false).describe('Also ask MAIL FROM:<> and RCPT TO:<postmaster@DOMAIN> (then RSET; no message is sent)'),
    blocklists,
  })
  .meta({ id: 'CheckDomainRequest' });

export const CheckPathBodySchema = z
  .object({
    from: address.describe('The sender, e.g. alice@contoso.com'),
    to: address.describe('The recipient, e.g. bob@fabrikam.com'),
    ip: z.string().max(45).optional().describe('The sending IP: SPF for it, its reverse DNS and blocklists'),
    helo: domain.optional().describe('The HELO/EHLO name of the sending server (SPF macros)'),
    dkimSignatures: z
      .array(z.object({ domain, selector: z.string().min(1).max(63) }))
      .max(10)
      .optional()
      .describe('d= and s= of DKIM-Signature fields to check and align (as `--dkim-signature-from`)'),
    smtp: z.boolean().default(true).describe("Probe the recipient's MX hosts over SMTP"),
    blocklists,
  })
  .meta({ id: 'CheckPathRequest' });

export const CheckIpBodySchema = z
  .object({
    ip: z.string().min(2).max(45).describe('An IPv4 or IPv6 address'),
    blocklists,
  })
  .meta({ id: 'CheckIpRequest' });

const CheckFindingSchema = z.object({ code: z.string().describe('A code of src/checks/kb/findings.json, or target.private-address (a connection the server refused to make)'), severity: SeveritySchema, message: z.string(), fix: z.string(), ref: z.string() });

const QuerySchema = z.object({
  name: z.string(),
  type: z.enum(DNS_RECORD_TYPES),
  rcode: z.enum(DNS_RCODES),
  records: z.array(z.unknown()).describe('Records in the form of src/io/dns/resolver.ts (MX as {priority, exchange}, TXT as its strings, ...)'),
  authenticated: z.boolean().nullable().describe('The resolver set the AD bit; null where it cannot be seen'),
  ms: z.number(),
  error: z.string().optional(),
});

export const CheckReportSchema = z
  .object({
    target: z.string(),
    verdict: z.enum(['pass', 'warn', 'fail', 'inconclusive']),
    kind: z.string().describe('domain, path or ip'),
    at: z.string().describe('When the checks ran (ISO 8601)'),
    resolver: z.string(),
    checks: z.array(
      z.object({
        check: z.enum(CHECK_NAMES),
        status: z.enum(CHECK_STATUSES),
        findings: z.array(CheckFindingSchema),
        data: z.unknown().describe("The check's own data (see src/checks/<check>/evaluate-*.ts)"),
      }),
    ),
    queries: z.array(QuerySchema).describe('Every DNS question of the run, once per name and type'),
  })
  .meta({ id: 'CheckReport', description: 'A check report, as `maildoctor check ... --json` prints it.' });
