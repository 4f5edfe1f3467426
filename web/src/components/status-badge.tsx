/**
 * A verdict at a glance, readable without colour: an icon and the word, coloured as a help
 * only (pass ✓, warn !, fail ✗, none –, error ?).
 * @module
 */
export type BadgeStatus = 'pass' | 'warn' | 'fail' | 'none' | 'temperror' | 'permerror' | 'inconclusive' | 'info' | 'not-run' | 'neutral' | 'softfail' | 'policy';

const LOOK: Record<BadgeStatus, { icon: string; word: string; tone: 'good' | 'warn' | 'bad' | 'muted' }> = {
  pass: { icon: '✓', word: 'pass', tone: 'good' },
  warn: { icon: '!', word: 'warn', tone: 'warn' },
  fail: { icon: '✗', word: 'fail', tone: 'bad' },
  none: { icon: '–', word: 'none', tone: 'muted' },
  temperror: { icon: '?', word: 'temporary error', tone: 'warn' },
  permerror: { icon: '✗', word: 'permanent error', tone: 'bad' },
  inconclusive: { icon: '?', word: 'inconclusive', tone: 'warn' },
  info: { icon: 'i', word: 'info', tone: 'muted' },
  'not-run': { icon: '–', word: 'not run', tone: 'muted' },
  neutral: { icon: '–', word: 'neutral', tone: 'muted' },
  softfail: { icon: '!', word: 'softfail', tone: 'warn' },
  policy: { icon: '!', word: 'policy', tone: 'warn' },
};

/** The look of any result word (SPF/DKIM/DMARC results too: pass, fail, softfail, none, ...). */
export function badgeStatusOf(word: string | null | undefined): BadgeStatus {
  const w = (word ?? 'none').toLowerCase();
  if (w in LOOK) return w as BadgeStatus;
  if (w === 'hardfail') return 'fail';
  if (w === 'bestguesspass') return 'pass';
  return 'none';
}

export function StatusBadge({ status, label }: { status: BadgeStatus; label?: string }) {
  const look = LOOK[status];
  return (
    <span className={`badge badge-${look.tone}`}>
      <span aria-hidden="true" className="badge-icon">{look.icon}</span> {label ?? look.word}
    </span>
  );
}

/** A finding's severity as icon and word. */
export function SeverityBadge({ severity }: { severity: 'info' | 'warning' | 'error' }) {
  const status: BadgeStatus = severity === 'error' ? 'fail' : severity === 'warning' ? 'warn' : 'info';
  return <StatusBadge status={status} label={severity} />;
}
