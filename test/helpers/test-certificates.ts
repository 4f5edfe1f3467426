/**
 * Certificates made by the tests (never checked in): a test CA, and leaf certificates it
 * signs (valid, expired, for other names), as PEM; the CA's file for --ca-file.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TestKeyPair {
  key: string;
  cert: string;
}

export interface TestPki {
  ca: TestKeyPair;
  /** The CA certificate written to a file, for --ca-file. */
  caFile: string;
  leaf(names: string[], options?: { notBefore?: Date; notAfter?: Date }): Promise<TestKeyPair>;
}

const DAY = 86_400_000;

export async function createTestPki(): Promise<TestPki> {
  const now = Date.now();
  const ca = await generate([{ name: 'commonName', value: 'maildoctor test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 1000 * DAY),
    notAfterDate: new Date(now + 1000 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const caPair = { key: ca.private, cert: ca.cert };
  const caFile = join(mkdtempSync(join(tmpdir(), 'maildoctor-pki-')), 'test-ca.pem');
  writeFileSync(caFile, ca.cert);
  return {
    ca: caPair,
    caFile,
    leaf: async (names, options = {}) => {
      const leaf = await generate([{ name: 'commonName', value: names[0]! }], {
        keyType: 'ec',
        algorithm: 'sha256',
        notBeforeDate: options.notBefore ?? new Date(now - DAY),
        notAfterDate: options.notAfter ?? new Date(now + 90 * DAY),
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: names.map((value) => ({ type: 2 as const, value })) },
        ],
        ca: caPair,
      });
      return { key: leaf.private, cert: leaf.cert };
    },
  };
}

/** SHA-256 of the certificate's SubjectPublicKeyInfo: the data of a "3 1 1" TLSA record. */
export function spkiSha256(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}
