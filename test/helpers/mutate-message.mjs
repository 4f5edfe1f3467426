// Message mutations for the fuzz test and the fuzz benchmark: each takes a message (Buffer) and a
// seeded random source and returns a damaged or hostile variant. Plain JavaScript so the
// benchmark can use it without a TypeScript loader.

/** Deterministic PRNG (mulberry32), so every failing case can be replayed from its seed. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (random, n) => Math.floor(random() * n);

export const MUTATIONS = {
  truncate(message, random) {
    return message.subarray(0, pick(random, message.length + 1));
  },
  flipBytes(message, random) {
    const copy = Buffer.from(message);
    const flips = 1 + pick(random, 64);
    for (let i = 0; i < flips && copy.length > 0; i++) copy[pick(random, copy.length)] = pick(random, 256);
    return copy;
  },
  hugeHeader(message, random) {
    const name = random() < 0.5 ? 'Subject' : 'X-Junk';
    const value = 'A'.repeat(200_000 + pick(random, 400_000));
    return Buffer.concat([Buffer.from(`${name}: ${value}\n`), message]);
  },
  manyHeaders(message) {
    const lines = Array.from({ length: 20_000 }, (_, i) => `X-H${i}: v\n`).join('');
    return Buffer.concat([Buffer.from(lines), message]);
  },
  deepNesting(_message, random) {
    const depth = 50 + pick(random, 200);
    let body = 'Final-Recipient: rfc822; a@example.com\nStatus: 5.1.1\n';
    for (let i = 0; i < depth; i++) {
      body = `Content-Type: ${i % 2 ? 'message/rfc822' : `multipart/report; boundary="b${i}"`}\n\n${i % 2 ? body : `--b${i}\n${body}\n--b${i}--`}\n`;
    }
    return Buffer.from(`From: MAILER-DAEMON@example.net\nSubject: Undelivered\n${body}`);
  },
  longLine(message, random) {
    const at = pick(random, message.length + 1);
    const chars = ['a', ' ', '.', '@', '<', '[', '5', '=', '-'];
    const line = chars[pick(random, chars.length)].repeat(100_000);
    return Buffer.concat([message.subarray(0, at), Buffer.from(line), message.subarray(at)]);
  },
  invalidCharset(message, random) {
    const text = message.toString('latin1');
    const bogus = ['x-bogus-9999', 'utf-7', 'utf-16', 'iso-2022-jp', '"', 'shift_jis\u0000'][pick(random, 6)];
    return Buffer.from(text.replace(/charset="?[^";\s]+"?/gi, `charset=${bogus}`).replace(/=\?[^?]+\?/g, `=?${bogus}?`), 'latin1');
  },
  endlessBoundaries(_message, random) {
    const count = 1_000 + pick(random, 20_000);
    const parts = Array.from({ length: count }, () => '--X\nContent-Type: text/plain\n\n550 5.1.1 <a@example.com> no\n').join('');
    return Buffer.from(`From: postmaster@example.net\nContent-Type: multipart/mixed; boundary="X"\n\n${parts}`);
  },
  binaryNoise(_message, random) {
    const size = pick(random, 64 * 1024);
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = pick(random, 256);
    return bytes;
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** The n-th fuzz case over a list of source messages: the same (messages, n) give the same case. */
export function fuzzCase(messages, n) {
  const random = seededRandom(n * 2654435761);
  const name = MUTATION_NAMES[n % MUTATION_NAMES.length];
  const source = messages[pick(random, messages.length)];
  return { name, input: MUTATIONS[name](source, random) };
}
