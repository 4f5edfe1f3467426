/**
 * A real SMTP server (smtp-server) on 127.0.0.1, port 0, for the SMTP checks: with or
 * without STARTTLS and a given certificate, a slow or refusing greeting, a SIZE limit. It
 * takes no message: DATA is refused (the probe never sends one anyway). Reverse lookups are
 * off, so nothing leaves loopback.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { TestKeyPair } from './test-certificates.js';

export interface SmtpFixtureOptions {
  /** The certificate for STARTTLS; null: no STARTTLS. */
  tls: TestKeyPair | null;
  name?: string;
  bannerDelayMs?: number;
  /** Refuse every connection in the greeting with this code (for example 554). */
  refuseWith?: number;
  /** The SIZE limit advertised, in bytes. */
  size?: number;
}

export interface SmtpFixtureServer {
  port: number;
  /** The commands received, in order, across connections. */
  commands: string[];
  close(): Promise<void>;
}

export async function startSmtpFixtureServer(options: SmtpFixtureOptions): Promise<SmtpFixtureServer> {
  const commands: string[] = [];
  const server = new SMTPServer({
    name: options.name ?? 'mx.fixture.example',
    banner: 'maildoctor fixture',
    disableReverseLookup: true,
    logger: false,
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    ...(options.size ? { size: options.size } : {}),
    onConnect(_session, callback) {
      const answer = (): void => {
        if (!options.refuseWith) return callback();
        const error = new Error('fixture refuses all connections') as Error & { responseCode: number };
        error.responseCode = options.refuseWith;
        callback(error);
      };
      if (options.bannerDelayMs) setTimeout(answer, options.bannerDelayMs);
      else answer();
    },
    onMailFrom(address, _session, callback) {
      commands.push(`MAIL FROM:<${address.address}>`);
      callback();
    },
    onRcptTo(address, _session, callback) {
      commands.push(`RCPT TO:<${address.address}>`);
      callback();
    },
    onData(stream, _session, callback) {
      commands.push('DATA');
      stream.resume();
      stream.on('end', () => callback(new Error('the fixture takes no messages')));
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, commands, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A loopback port with nothing listening (for "unreachable"). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
