/**
 * A simulated mid-size organisation's mail flow, deterministic from a seed: ~200 senders at
 * northwind.example working Europe/Berlin hours (so the UTC pattern shifts at the daylight-
 * saving changes), quiet nights and weekends, inbound mail with spam, and recipient domains
 * with their own failure patterns: a healthy one, a full-mailbox one, one that degrades slowly,
 * one with an outage (fails for everyone for hours), a greylisting one (retries), a DMARC
 * failure spike, and a compromised sender bursting thousands of messages at night.
 * All names use RFC 2606 `.example` domains.
 * @module
 */
import type { DeliveryStatus, TraceDirection } from '../types.js';
import { seededRandom, type SeededRandom } from './seeded-random.js';

export interface GeneratedEvent {
  /** Display name as PowerShell prints it: Receive, Send, Deliver, Fail, Defer. */
  event: string;
  at: number;
  detail: string;
}

export interface GeneratedRecipient {
  address: string;
  status: DeliveryStatus;
  events: GeneratedEvent[];
}

export interface GeneratedMessage {
  traceId: string;
  messageId: string;
  sender: string;
  subject: string;
  size: number;
  direction: TraceDirection;
  fromIp: string;
  toIp: string;
  receivedAt: number;
  recipients: GeneratedRecipient[];
}

export interface GenerateTraceOptions {
  seed: number;
  /** First message time, ms UTC (default 2026-03-23T00:00:00Z: spans the March DST change). */
  start?: number;
  /** Messages per hour on a weekday at 10:00 local time. */
  peakPerHour?: number;
}

export const ORG_DOMAIN = 'northwind.example';
const FIRST = ['anna', 'ben', 'chloé', 'david', 'emma', 'felix', 'greta', 'hugo', 'ida', 'jonas', 'kim', 'lena', 'max', 'nora', 'otto', 'paula', 'quinn', 'rosa', 'sven', 'tara'];
const LAST = ['müller', 'schmidt', 'meyer', 'wagner', 'becker', 'hoffmann', 'koch', 'richter', 'klein', 'wolf'];
const SUBJECTS = [
  'Quarterly report', 'Réunion budgétaire, jeudi', 'Angebot für Müller GmbH', '見積書の送付について', 'Заказ № 4711',
  '📦 Lieferung unterwegs', 'Invoice "INV-2026-0042"', 'RE: Projekt Ω status', 'Urlaubsantrag', 'FW: Meeting notes; action items',
  'Bestellung\nTeil 2', 'Newsletter März', 'Password reset request', 'Déjà vu: follow-up', 'Čestitke ✔',
];

interface DomainPattern {
  name: string;
  weight: number;
  /** Failure probability at a given fraction of the period and time. */
  fails(progress: number, at: number): { status: string; reply: string } | null;
  defers?: number;
}

const OUTAGE_START_HOURS = 2 * 24 + 9; // day 3, 09:00 UTC
const AUTH_SPIKE_START_HOURS = 4 * 24 + 13;

function domains(start: number, random: SeededRandom): DomainPattern[] {
  const hours = (at: number): number => (at - start) / 3_600_000;
  return [
    { name: 'fabrikam.example', weight: 30, fails: () => (random.chance(0.005) ? { status: '5.1.1', reply: '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found' } : null) },
    { name: 'tailspin.example', weight: 15, fails: () => (random.chance(0.03) ? { status: '5.2.2', reply: '552 5.2.2 Mailbox full; quota exceeded' } : null) },
    // Slowly degrading: its reputation filter blocks more and more of our mail.
    { name: 'adatum.example', weight: 15, fails: (progress) => (random.chance(progress * 0.4) ? { status: '5.7.1', reply: '550 5.7.1 Service unavailable; client host blocked using Spamhaus' } : null) },
    // Their side: everyone fails for four hours.
    { name: 'litware.example', weight: 10, fails: (_p, at) => (hours(at) >= OUTAGE_START_HOURS && hours(at) < OUTAGE_START_HOURS + 4 ? { status: '4.4.7', reply: '550 4.4.7 QUEUE.Expired; message expired' } : null) },
    { name: 'woodgrove.example', weight: 10, defers: 0.4, fails: () => null },
    // Our side: a DMARC failure spike after a DKIM key rotation went wrong.
    { name: 'wingtip.example', weight: 10, fails: (_p, at) => (hours(at) >= AUTH_SPIKE_START_HOURS && hours(at) < AUTH_SPIKE_START_HOURS + 6 && random.chance(0.7) ? { status: '5.7.26', reply: '550 5.7.26 Unauthenticated email from northwind.example is not accepted due to domain\'s DMARC policy' } : null) },
    { name: 'mail.example.net', weight: 10, fails: () => (random.chance(0.01) ? { status: '4.4.7', reply: '451 4.4.0 DNS query failed' } : null) },
  ];
}

/** Europe/Berlin offset: +2 h from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC (EU rule). */
export function berlinOffsetMs(at: number): number {
  const year = new Date(at).getUTCFullYear();
  const lastSunday = (month: number): number => {
    const last = Date.UTC(year, month + 1, 0, 1);
    return last - new Date(last).getUTCDay() * 86_400_000;
  };
  return at >= lastSunday(2) && at < lastSunday(9) ? 7_200_000 : 3_600_000;
}

function activity(at: number): number {
  const local = new Date(at + berlinOffsetMs(at));
  const hour = local.getUTCHours();
  const day = local.getUTCDay();
  const weekend = day === 0 || day === 6;
  if (hour < 6 || hour >= 22) return 0.03;
  if (weekend) return 0.08;
  if (hour >= 8 && hour < 18) return hour === 12 ? 0.6 : 1;
  return 0.25;
}

function guid(random: SeededRandom): string {
  const h = random.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function ip(random: SeededRandom, prefix: string): string {
  return `${prefix}.${random.int(1, 254)}`;
}

/** An endless, time-ordered stream of messages; take as many as needed. */
export function* generateTraceMessages(options: GenerateTraceOptions): Generator<GeneratedMessage> {
  const random = seededRandom(options.seed);
  const start = options.start ?? Date.UTC(2026, 2, 23);
  const peak = options.peakPerHour ?? 1200;
  const senders = Array.from({ length: 200 }, (_, i) => `${FIRST[i % FIRST.length]}.${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i >= 200 ? i : ''}@${ORG_DOMAIN}`);
  const compromised = senders[137] as string;
  const patterns = domains(start, random);
  const totalWeight = patterns.reduce((sum, p) => sum + p.weight, 0);
  // The compromised account bursts at 02:00 Berlin time on day 5.
  const burstStart = start + (5 * 24 + 1) * 3_600_000;
  let burstLeft = 3000;
  let at = start;
  const span = 14 * 86_400_000;
  for (;;) {
    const inBurst = at >= burstStart && burstLeft > 0;
    at += inBurst ? random.int(300, 1500) : Math.max(1000, random.exponential(3_600_000 / (peak * activity(at))));
    at = Math.floor(at / 1000) * 1000;
    const progress = Math.min(1, (at - start) / span);
    const kind = inBurst ? 'burst' : random.next() < 0.35 ? 'inbound' : random.next() < 0.2 ? 'internal' : 'outbound';
    if (inBurst) burstLeft--;
    const traceId = guid(random);
    const sender = kind === 'burst' ? compromised : kind === 'inbound' ? `${random.pick(FIRST)}@${random.pick(patterns).name}` : random.pick(senders);
    const count = kind === 'burst' ? random.int(5, 20) : random.chance(0.01) ? random.int(10, 30) : random.chance(0.1) ? random.int(2, 5) : 1;
    const recipients: GeneratedRecipient[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      let address: string;
      let pattern: DomainPattern | null = null;
      if (kind === 'inbound' || kind === 'internal') address = random.pick(senders);
      else {
        let pickAt = random.next() * totalWeight;
        pattern = patterns.find((p) => (pickAt -= p.weight) < 0) ?? (patterns[0] as DomainPattern);
        address = `${random.pick(FIRST)}${random.int(1, 400)}@${pattern.name}`;
      }
      if (seen.has(address)) continue;
      seen.add(address);
      const events: GeneratedEvent[] = [{ event: 'Receive', at, detail: `Message received by: AM0PR07MB${random.int(1000, 9999)}.eurprd07.prod.outlook.com` }];
      let status: DeliveryStatus = 'delivered';
      let t = at + random.int(1, 3) * 1000;
      if (kind === 'inbound') {
        if (random.chance(0.06)) status = 'filtered-as-spam';
        else if (random.chance(0.01)) status = 'quarantined';
        events.push({ event: 'Deliver', at: t, detail: status === 'delivered' ? 'The message was successfully delivered.' : 'The message was delivered to the Junk Email folder.' });
      } else if (kind === 'internal') {
        events.push({ event: 'Deliver', at: t, detail: 'The message was successfully delivered.' });
      } else {
        const failure = pattern?.fails(progress, at) ?? null;
        const deferrals = pattern?.defers && random.chance(pattern.defers) ? random.int(1, 3) : failure?.status.startsWith('4') ? 4 : 0;
        for (let d = 0; d < deferrals; d++) {
          events.push({ event: 'Defer', at: t, detail: `451 4.7.1 Greylisted, please try again later (attempt ${d + 1})` });
          t += (5 + d * 15) * 60_000;
        }
        if (pattern?.defers && random.chance(0.02)) status = 'pending';
        else if (failure) {
          status = 'failed';
          events.push({ event: 'Fail', at: t, detail: failure.reply });
        } else events.push({ event: 'Send', at: t, detail: `The message was sent to ${pattern?.name ?? 'remote'} at ${ip(random, '198.51.100')} using TLS1.2` });
      }
      recipients.push({ address, status, events });
    }
    const outbound = kind === 'outbound' || kind === 'burst';
    yield {
      traceId,
      messageId: `<${random.hex(12)}.${random.hex(8)}@${kind === 'inbound' ? sender.split('@')[1] : ORG_DOMAIN}>`,
      sender,
      subject: kind === 'burst' ? 'Urgent: shared document – please review' : random.pick(SUBJECTS),
      size: Math.round(random.exponential(60_000)) + 2_000,
      direction: kind === 'inbound' ? 'inbound' : kind === 'internal' ? 'internal' : 'outbound',
      fromIp: kind === 'inbound' ? ip(random, '203.0.113') : '',
      toIp: outbound ? ip(random, '198.51.100') : '',
      receivedAt: at,
      recipients,
    };
  }
}
