/**
 * A real DNS server on 127.0.0.1 for tests: serves fixture zones
 * (`test/fixtures/dns/<scenario>.zone.json`) over UDP and TCP on one port, answering exactly
 * as `answerFromZone` (the module that also serves --replay) says, CNAME chain included.
 *
 * dns2 provides the transport; answers are encoded with dns-packet, which knows TLSA and the
 * AD bit. Two dns2 traps are avoided here (npm-stack.md): with port 0 it binds UDP to `::`
 * whatever address is given, so a free port is found first and given to UDP and TCP alike;
 * and its TXT encoder does not split long strings, which does not matter since dns-packet
 * encodes and the zone keeps TXT strings at most 255 bytes.
 */
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import dnsPacket from 'dns-packet';
import { createServer, type Packet } from 'dns2';
import type { DnsRecordMap, DnsRecordType, MxRecord, SoaRecord, TlsaRecord } from '../../src/io/dns/resolver.js';
import { answerFromZone, compileZone, type DnsZoneFile } from '../../src/io/dns/zone-resolver.js';

export const FIXTURE_DNS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'dns');

const TYPE_BY_CODE: Record<number, DnsRecordType> = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 52: 'TLSA' };
const RCODE_NUMBER = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5, ERROR: 2 } as const;
const TTL = 300;

export interface ReceivedQuery {
  name: string;
  type: string;
  transport: 'udp' | 'tcp';
}

export interface DnsFixtureServer {
  host: '127.0.0.1';
  port: number;
  /** `127.0.0.1:PORT`, as given to --dns-server. */
  address: string;
  /** Every question received, in order. */
  received: ReceivedQuery[];
  close(): Promise<void>;
}

export interface DnsFixtureServerOptions {
  /** Delay every answer by this many milliseconds. */
  delayMs?: number;
}

/** Reads `test/fixtures/dns/<scenario>.zone.json`. */
export function readFixtureZone(scenario: string): DnsZoneFile {
  return JSON.parse(readFileSync(join(FIXTURE_DNS_DIR, `${scenario}.zone.json`), 'utf8')) as DnsZoneFile;
}

/** Merges zone files with disjoint names into one (the first file's defaultRcode wins). */
export function mergeZoneFiles(files: DnsZoneFile[]): DnsZoneFile {
  const merged: DnsZoneFile = { records: {}, rcodes: {}, authenticated: [] };
  for (const file of files) {
    for (const [name, records] of Object.entries(file.records ?? {})) {
      if (merged.records![name]) throw new Error(`zone files disagree: ${name} is in two of them`);
      merged.records![name] = records;
    }
    Object.assign(merged.rcodes!, file.rcodes ?? {});
    merged.authenticated!.push(...(file.authenticated ?? []));
    if (file.defaultRcode && !merged.defaultRcode) merged.defaultRcode = file.defaultRcode;
  }
  return merged;
}

function toPacketAnswer(name: string, type: DnsRecordType, record: DnsRecordMap[DnsRecordType]): dnsPacket.Answer {
  switch (type) {
    case 'MX': {
      const mx = record as MxRecord;
      return { name, type, ttl: TTL, data: { preference: mx.priority, exchange: mx.exchange === '' ? '.' : mx.exchange } };
    }
    case 'TXT':
      return { name, type, ttl: TTL, data: (record as string[]).map((s) => Buffer.from(s, 'utf8')) };
    case 'SOA': {
      const soa = record as SoaRecord;
      return {
        name,
        type,
        ttl: TTL,
        data: { mname: soa.nsname, rname: soa.hostmaster, serial: soa.serial, refresh: soa.refresh, retry: soa.retry, expire: soa.expire, minimum: soa.minttl },
      };
    }
    case 'TLSA': {
      const tlsa = record as TlsaRecord;
      return { name, type, ttl: TTL, data: { usage: tlsa.usage, selector: tlsa.selector, matchingType: tlsa.matchingType, certificate: Buffer.from(tlsa.data, 'hex') } };
    }
    default:
      return { name, type, ttl: TTL, data: record as string } as dnsPacket.Answer;
  }
}

function udpPayloadLimit(request: Packet): number {
  const opt = (request.additionals ?? []).find((r) => r && r.type === 41) as { class?: number } | undefined;
  return Math.max(opt?.class ?? 512, 512);
}

async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const tcp = net.createServer();
    const port = await new Promise<number>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(0, '127.0.0.1', () => resolve((tcp.address() as net.AddressInfo).port));
    });
    const udp = dgram.createSocket('udp4');
    const udpOk = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (udpOk) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      return port;
    }
  }
  throw new Error('no free port for the fixture DNS server');
}

/** Starts a DNS server on 127.0.0.1 (UDP and TCP, one port) serving the given zone(s). */
export async function startDnsFixtureServer(zones: string | DnsZoneFile | (string | DnsZoneFile)[], options: DnsFixtureServerOptions = {}): Promise<DnsFixtureServer> {
  const files = (Array.isArray(zones) ? zones : [zones]).map((z) => (typeof z === 'string' ? readFixtureZone(z) : z));
  const zone = compileZone(mergeZoneFiles(files), 'fixture');
  const received: ReceivedQuery[] = [];

  const makeServer = () => createServer({
    udp: { type: 'udp4' },
    tcp: true,
    handle: (request, send, client) => {
      const question = request.questions?.[0];
      if (!question) return;
      const transport = client instanceof net.Socket ? 'tcp' : 'udp';
      const type = TYPE_BY_CODE[question.type] ?? `TYPE${question.type}`;
      received.push({ name: question.name, type, transport });
      const reply = (): void => {
        const known = TYPE_BY_CODE[question.type];
        const { answer, chain, owner } = answerFromZone(zone, question.name, known ?? 'A');
        if (answer.rcode === 'TIMEOUT') return;
        const answers: dnsPacket.Answer[] = chain.map((step) => ({ name: step.name, type: 'CNAME', ttl: TTL, data: step.target }));
        if (known) for (const record of answer.records) answers.push(toPacketAnswer(owner, known, record));
        let flags = dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | RCODE_NUMBER[answer.rcode];
        if (answer.authenticated) flags |= dnsPacket.AUTHENTIC_DATA;
        const questions: dnsPacket.Question[] = [{ name: question.name, type: (known ?? 'A') as dnsPacket.RecordType, class: 'IN' }];
        const encode = (withAnswers: boolean, extraFlags = 0): Buffer => {
          const buffer = dnsPacket.encode({ id: request.header.id, type: 'response', flags: flags | extraFlags, questions, answers: withAnswers ? answers : [] });
          // Keep the question's type code even for types dns-packet has no name for.
          buffer.writeUInt16BE(question.type, 12 + buffer.subarray(12).indexOf(0) + 1);
          return buffer;
        };
        let buffer = encode(true);
        if (transport === 'udp' && buffer.length > udpPayloadLimit(request)) buffer = encode(false, dnsPacket.TRUNCATED_RESPONSE);
        // dns2's TCP send returns nothing and its UDP send a promise; a throw here would make
        // dns2 drop the TCP connection, and with it the client's pipelined questions.
        Promise.resolve(send(buffer)).catch(() => undefined);
      };
      if (options.delayMs) setTimeout(reply, options.delayMs);
      else reply();
    },
  });

  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const server = makeServer();
    try {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error): void => reject(error);
        server.once('error', onError);
        server.listen({ udp: { port, address: '127.0.0.1' }, tcp: { port, address: '127.0.0.1' } }).then(() => {
          server.off('error', onError);
          resolve();
        }, reject);
      });
      const addresses = server.addresses();
      if (addresses.udp?.address !== '127.0.0.1' || addresses.tcp?.address !== '127.0.0.1') throw new Error('fixture DNS server not on 127.0.0.1');
      return {
        host: '127.0.0.1',
        port,
        address: `127.0.0.1:${port}`,
        received,
        close: async () => {
          await server.close();
        },
      };
    } catch (error) {
      await server.close().catch(() => undefined);
      if (attempt >= 4) throw error;
    }
  }
}
