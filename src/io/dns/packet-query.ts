/**
 * A raw DNS query with dns-packet over UDP, retried over TCP when the answer is truncated.
 * Used for what Node's resolver cannot do: TLSA records (RFC 6698), and reading the AD bit
 * (RFC 4035 section 3.2.3) of the answer. The query sets AD to ask the resolver to report
 * whether it validated (RFC 6840 section 5.7); DNSSEC validation itself is not done here.
 * @module
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { randomInt } from 'node:crypto';
import dnsPacket from 'dns-packet';
import type { DnsRcode } from './resolver.js';

export interface DnsServerAddress {
  host: string;
  port: number;
}

export interface PacketQueryOptions {
  timeoutMs: number;
  tries: number;
}

export interface PacketQueryResult {
  rcode: DnsRcode;
  answers: dnsPacket.Answer[];
  authenticated: boolean | null;
  error?: string;
}

const RCODES: Record<string, DnsRcode> = { NOERROR: 'NOERROR', NXDOMAIN: 'NXDOMAIN', SERVFAIL: 'SERVFAIL', REFUSED: 'REFUSED' };
const MAX_TCP_ANSWER = 65_535;

function buildQuery(name: string, type: dnsPacket.RecordType): { id: number; buffer: Buffer } {
  const id = randomInt(0x10000);
  const buffer = dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHENTIC_DATA,
    questions: [{ type, name, class: 'IN' }],
  });
  return { id, buffer };
}

function overUdp(server: DnsServerAddress, query: Buffer, id: number, timeoutMs: number): Promise<dnsPacket.DecodedPacket | 'timeout'> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    const timer = setTimeout(() => finish(() => resolve('timeout')), timeoutMs);
    const finish = (then: () => void): void => {
      clearTimeout(timer);
      socket.close();
      then();
    };
    socket.on('error', (error) => finish(() => reject(error)));
    socket.on('message', (message) => {
      try {
        const packet = dnsPacket.decode(message);
        // Ignore answers to other queries (RFC 5452 section 9.1).
        if (packet.id !== id) return;
        finish(() => resolve(packet));
      } catch (error) {
        finish(() => reject(error as Error));
      }
    });
    socket.send(query, server.port, server.host);
  });
}

function overTcp(server: DnsServerAddress, query: Buffer, timeoutMs: number): Promise<dnsPacket.DecodedPacket | 'timeout'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(() => finish(() => resolve('timeout')), timeoutMs);
    const finish = (then: () => void): void => {
      clearTimeout(timer);
      socket.destroy();
      then();
    };
    socket.on('error', (error) => finish(() => reject(error)));
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(query.length);
      socket.write(Buffer.concat([length, query]));
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length > MAX_TCP_ANSWER + 2) return finish(() => reject(new Error('answer too long')));
      if (buffered.length < 2) return;
      const expected = buffered.readUInt16BE(0);
      if (buffered.length < expected + 2) return;
      try {
        const packet = dnsPacket.decode(buffered.subarray(2, expected + 2));
        finish(() => resolve(packet));
      } catch (error) {
        finish(() => reject(error as Error));
      }
    });
  });
}

/** Asks `server` one question; never throws. */
export async function packetQuery(server: DnsServerAddress, name: string, type: dnsPacket.RecordType, options: PacketQueryOptions): Promise<PacketQueryResult> {
  const { id, buffer } = buildQuery(name, type);
  try {
    let packet: dnsPacket.DecodedPacket | 'timeout' = 'timeout';
    for (let attempt = 0; attempt < Math.max(1, options.tries) && packet === 'timeout'; attempt++) {
      packet = await overUdp(server, buffer, id, options.timeoutMs);
    }
    if (packet !== 'timeout' && packet.flag_tc) packet = await overTcp(server, buffer, options.timeoutMs);
    if (packet === 'timeout') return { rcode: 'TIMEOUT', answers: [], authenticated: null, error: 'no answer in time' };
    const rcodeName = (packet as unknown as { rcode?: string }).rcode ?? 'NOERROR';
    const rcode = RCODES[rcodeName] ?? 'ERROR';
    return {
      rcode,
      answers: packet.answers ?? [],
      authenticated: packet.flag_ad,
      ...(rcode === 'ERROR' ? { error: `rcode ${rcodeName}` } : {}),
    };
  } catch (error) {
    return { rcode: 'ERROR', answers: [], authenticated: null, error: (error as Error).message };
  }
}
