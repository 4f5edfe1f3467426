import { describe, expect, it } from 'vitest';
import { parseSize, splitValues, isLostArray } from './trace-columns.js';
import { lowerCase, messageKey, normalizeAddress, normalizeEvent, statusFromEvent, statusFromText } from './trace-vocabulary.js';

// The definitions the fast paths must agree with (the expressions used before them).
const reference = {
  normalizeAddress: (text: string) => text.trim().replace(/^smtp:/i, '').replace(/^<(.*)>$/, '$1').toLowerCase(),
  messageKey: (traceId: string, messageId: string) => {
    const guid = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(traceId);
    if (guid?.[1]) return guid[1].toLowerCase();
    return messageId ? 'mid:' + messageId.toLowerCase() : undefined;
  },
  parseSize: (text: string) => {
    const digits = text.replace(/[\s,.]|bytes?$/gi, '');
    return /^\d{1,15}$/.test(digits) ? Number(digits) : undefined;
  },
  splitValues: (text: string) => text.split(/[;,]/).map((v) => v.trim()).filter(Boolean),
};

const GUID = '0F6CF7A4-1A2B-4C3D-8E9F-0A1B2C3D4E5F';
const SAMPLES = [
  '', ' ', 'anna@northwind.example', 'Anna@Northwind.example', ' anna@northwind.example ', '<anna@northwind.example>', 'SMTP:Anna@X.example',
  'smtp:<b@x.example>', 'müller@bücher.example', 'ÅSA@EXAMPLE.ORG', 'a:b@example.com', '<>', 'x\u00a0', GUID, GUID.toLowerCase(), `{${GUID}}`,
  `{${GUID}`, `${GUID}}`, `${GUID}x`, GUID.slice(1), '12345', '45,678', '45678 bytes', '1234567890123456', '0', ' 7 ', 'a;b', 'a, b ;', ';;',
  'System.String[]', 'System.Object[]', 'DELIVER', 'Deliver', ' SEND ', 'Spam  Diagnostics', 'Delivered', 'delivered', 'FilteredAsSpam', 'Filtered as spam', 'filteredAsSpam', 'GettingStatus', 'Expanded', 'None', 'Lost',
];

describe('fast paths of the row mappers', () => {
  it('agree with the expressions they stand in for', () => {
    for (const text of SAMPLES) {
      expect(normalizeAddress(text), text).toBe(reference.normalizeAddress(text));
      expect(messageKey(text, 'Id@X'), text).toBe(reference.messageKey(text, 'Id@X'));
      expect(messageKey(text, ''), text).toBe(reference.messageKey(text, ''));
      expect(parseSize(text), text).toBe(reference.parseSize(text));
      expect(splitValues(text), text).toEqual(reference.splitValues(text));
      expect(lowerCase(text), text).toBe(text.toLowerCase());
      expect(isLostArray(text), text).toBe(/^System\.[A-Za-z.]+\[\]$/.test(text));
      expect(normalizeEvent(text), text).toBe(text.trim().replace(/\s+/g, ' ').toUpperCase());
    }
  });

  it('reads events in any spelling', () => {
    for (const event of ['DELIVER', 'Deliver', ' deliver ', 'SPAM DIAGNOSTICS', 'Spam  Diagnostics', 'DUPLICATE DELIVER', 'Submit Fail']) {
      expect(statusFromEvent(normalizeEvent(event)), event).toBe(({ DELIVER: 'delivered', DUPLICATEDELIVER: 'delivered', SUBMITFAIL: 'failed' } as Record<string, string>)[normalizeEvent(event).replace(/ /g, '')]);
    }
  });

  it('reads status words in any spelling', () => {
    expect(statusFromText('Delivered')).toBe('delivered');
    expect(statusFromText('FilteredAsSpam')).toBe('filtered-as-spam');
    expect(statusFromText('Filtered as spam')).toBe('filtered-as-spam');
    expect(statusFromText('GETTINGSTATUS')).toBe('getting-status');
    expect(statusFromText('Lost')).toBeUndefined();
  });
});
