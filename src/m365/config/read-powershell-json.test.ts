import { describe, expect, it } from 'vitest';
import { decodeExport, readPowershellJson } from './read-powershell-json.js';

const utf16 = (text: string): Uint8Array => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

describe('readPowershellJson', () => {
  it('reads UTF-16LE with a BOM, UTF-8 with and without a BOM, alike', () => {
    const text = '{"Name":  "Zürich relay", "Enabled":  true}';
    const forms = [utf16(text), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), Buffer.from(text)];
    for (const bytes of forms) expect(readPowershellJson(bytes)).toEqual({ ok: true, objects: [{ Name: 'Zürich relay', Enabled: true }] });
  });
  it('reads UTF-16LE written without a BOM', () => {
    expect(decodeExport(Buffer.from('[{"a":1}]', 'utf16le'))).toBe('[{"a":1}]');
  });
  it('takes one object or an array', () => {
    expect(readPowershellJson(Buffer.from('[{"a":1},{"a":2}]'))).toEqual({ ok: true, objects: [{ a: 1 }, { a: 2 }] });
    expect(readPowershellJson(Buffer.from('{"a":1}'))).toEqual({ ok: true, objects: [{ a: 1 }] });
  });
  it('an empty file is an export of nothing, not an error', () => {
    expect(readPowershellJson(new Uint8Array())).toEqual({ ok: true, objects: [] });
    expect(readPowershellJson(utf16('\r\n'))).toEqual({ ok: true, objects: [] });
  });
  it('names the problem of a file that is not an export, without throwing', () => {
    const notJson = readPowershellJson(Buffer.from('Name : contoso\r\nEnabled : True'));
    expect(notJson.ok).toBe(false);
    expect(!notJson.ok && notJson.problem).toMatch(/^not JSON/);
    expect(readPowershellJson(Buffer.from('[1, 2]'))).toEqual({ ok: false, problem: 'it holds values that are not objects' });
  });
});
