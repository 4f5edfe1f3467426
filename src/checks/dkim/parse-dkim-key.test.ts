import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isDkimKeyRecord, parseDkimKey } from './parse-dkim-key.js';

const rsa = (bits: number, type: 'spki' | 'pkcs1' = 'spki') =>
  generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type, format: 'der' }).toString('base64');
const ed25519 = () => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
const codes = (record: string) => parseDkimKey(record, 's._domainkey.example.com', 's').problems.map((p) => p.code);

describe('parseDkimKey', () => {
  const key2048 = rsa(2048);

  it('reads an RSA key and its size', () => {
    const k = parseDkimKey(`v=DKIM1; k=rsa; p=${key2048}`, 'n', 's');
    expect(k).toMatchObject({ keyType: 'rsa', bits: 2048, format: 'spki', revoked: false, testing: false, problems: [] });
  });

  it('accepts a key split by white space (several TXT strings joined with spaces)', () => {
    expect(parseDkimKey(`v=DKIM1; p=${key2048.slice(0, 100)} ${key2048.slice(100)}`, 'n', 's').bits).toBe(2048);
  });

  it('reads an Ed25519 key (RFC 8463)', () => {
    expect(parseDkimKey(`v=DKIM1; k=ed25519; p=${ed25519()}`, 'n', 's')).toMatchObject({ keyType: 'ed25519', bits: 256, format: 'raw', problems: [] });
  });

  it('flags weak, short, PKCS#1, revoked, testing, sha1-only and non-email keys', () => {
    expect(codes(`v=DKIM1; p=${rsa(1024)}`)).toEqual(['dkim.key-weak']);
    expect(codes(`v=DKIM1; p=${rsa(512)}`)).toEqual(['dkim.key-too-short']);
    expect(codes(`v=DKIM1; p=${rsa(2048, 'pkcs1')}`)).toEqual(['dkim.key-pkcs1']);
    expect(parseDkimKey('v=DKIM1; p=', 'n', 's')).toMatchObject({ revoked: true, problems: [] });
    expect(parseDkimKey(`v=DKIM1; t=y:s; p=${key2048}`, 'n', 's').testing).toBe(true);
    expect(codes(`v=DKIM1; h=sha1; p=${key2048}`)).toEqual(['dkim.sha1-only']);
    expect(codes(`v=DKIM1; s=tls; p=${key2048}`)).toEqual(['dkim.not-for-email']);
  });

  it('flags broken records', () => {
    expect(codes(`v=DKIM1; p=${key2048.slice(0, 120)}`)).toEqual(['dkim.key-invalid']);
    expect(codes('v=DKIM1; p=not*base64')).toEqual(['dkim.key-invalid']);
    expect(codes(`v=DKIM1; k=dsa; p=${key2048}`)).toEqual(['dkim.key-type-unknown']);
    expect(codes(`v=DKIM1; k=ed25519; p=${key2048}`)).toEqual(['dkim.key-invalid']);
    expect(codes('v=DKIM1; k=rsa')).toEqual(['dkim.syntax-error']);
    expect(codes(`k=rsa; v=DKIM1; p=${key2048}`)).toEqual(['dkim.syntax-error']);
    expect(codes(`v=DKIM1; p=${key2048}; p=${key2048}`)).toEqual(['dkim.syntax-error']);
  });

  it('recognises key records', () => {
    expect(isDkimKeyRecord('v=DKIM1; p=abc')).toBe(true);
    expect(isDkimKeyRecord('k=rsa; p=abc')).toBe(true);
    expect(isDkimKeyRecord('v=spf1 -all')).toBe(false);
  });
});
