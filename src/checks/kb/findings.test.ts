import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allFindingCodes, finding, findingEntry } from './findings.js';

const CHECKS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('kb/findings.json', () => {
  it('has the codes issue 5 asks for', () => {
    const required = ['mx.none', 'mx.null', 'spf.none', 'spf.multiple-records', 'spf.too-many-lookups', 'spf.too-many-void-lookups', 'spf.fail-for-ip', 'dkim.key-missing', 'dmarc.none', 'dmarc.policy-none', 'dnsbl.listed', 'ptr.missing', 'mtasts.mx-mismatch'];
    expect(allFindingCodes()).toEqual(expect.arrayContaining(required));
  });

  it('every documented code is used by a check, and every code used is documented', () => {
    const text = sources(CHECKS_DIR).map((f) => readFileSync(f, 'utf8')).join('\n');
    const used = new Set([...text.matchAll(/'([a-z0-9-]+\.[a-z0-9-]+)'/g)].map((m) => m[1]!).filter((c) => /^(dns|check|mx|spf|dmarc|dkim|ptr|dnsbl|mtasts|tlsrpt|smtp|tls|dane)\./.test(c)));
    used.delete('mx.microsoft'); // a Microsoft 365 MX form (parse-mx.ts), not a finding code
    const documented = new Set<string>(allFindingCodes());
    expect([...used].filter((c) => !documented.has(c))).toEqual([]);
    expect([...documented].filter((c) => !used.has(c))).toEqual([]);
  });

  it('fills templates from the data and keeps it', () => {
    const f = finding('mx.none', { domain: 'example.com' });
    expect(f.message).toBe('example.com has no MX record and no A or AAAA record, so mail cannot be delivered to it.');
    expect(f.fix).toContain('Publish MX records for example.com');
    expect(f.ref).toBe('RFC 5321 section 5.1');
    expect(f.data).toEqual({ domain: 'example.com' });
    expect(finding('spf.multiple-records', { domain: 'a.example', count: 2 }).severity).toBe('error');
    expect(findingEntry('dnsbl.listed').ref).toBe('{source}');
  });
});
