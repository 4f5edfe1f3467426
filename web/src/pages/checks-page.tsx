/**
 * The Checks page: forms for `check domain`, `check path` and `check ip`, run on the server
 * (`POST /api/check/...`), with the report grouped by area.
 * @module
 */
import { useCallback, useId, useState, type FormEvent, type InputHTMLAttributes } from 'react';
import { runCheck, type CheckRequest } from '../api/endpoints.js';
import { Busy, FailureNotice } from '../components/failure-notice.js';
import { useApiCall } from '../components/use-api-call.js';
import { CheckReportView } from './check-report-view.js';

type Kind = CheckRequest['kind'];

const KINDS: { kind: Kind; label: string; hint: string }[] = [
  { kind: 'domain', label: 'Domain', hint: 'Can this domain receive mail, and is its sending set up (MX, SMTP/TLS, MTA-STS, DANE, SPF, DKIM, DMARC)?' },
  { kind: 'path', label: 'Path', hint: 'What one message from a sender to a recipient would meet: SPF, DKIM, DMARC and alignment, the recipient\u2019s servers, the sending IP.' },
  { kind: 'ip', label: 'IP', hint: 'A sending IP: its reverse DNS and the DNS blocklists.' },
];

function Field({ label, hint, ...input }: { label: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={hint ? hintId : undefined} {...input} />
      {hint ? <p id={hintId} className="hint">{hint}</p> : null}
    </div>
  );
}

function Checkbox({ label, checked, onChange }: { label: string; checked: boolean; onChange(value: boolean): void }) {
  const id = useId();
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

const words = (text: string): string[] => text.split(/[\s,;]+/).map((w) => w.trim()).filter(Boolean);

export function ChecksPage() {
  const [kind, setKind] = useState<Kind>('domain');
  const [domain, setDomain] = useState('');
  const [selectors, setSelectors] = useState('');
  const [smtp, setSmtp] = useState(true);
  const [probeRcpt, setProbeRcpt] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [ip, setIp] = useState('');
  const [helo, setHelo] = useState('');
  const [result, run] = useApiCall(useCallback((signal: AbortSignal, request: CheckRequest) => runCheck(request, signal), []));
  const groupName = useId();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (kind === 'domain') void run({ kind, body: { domain: domain.trim(), selectors: words(selectors), smtp, probeRcpt } });
    else if (kind === 'path') void run({ kind, body: { from: from.trim(), to: to.trim(), ...(ip.trim() ? { ip: ip.trim() } : {}), ...(helo.trim() ? { helo: helo.trim() } : {}), smtp } });
    else void run({ kind, body: { ip: ip.trim() } });
  };
  const hint = KINDS.find((k) => k.kind === kind)?.hint;

  return (
    <>
      <h1>Check a domain, a path or an IP</h1>
      <p className="lead">Live DNS, SMTP and TLS checks, run by the server. Each finding says what is wrong and how to fix it.</p>
      <form onSubmit={submit} className="check-form">
        <fieldset className="segmented">
          <legend>What to check</legend>
          {KINDS.map((k) => (
            <label key={k.kind} className={kind === k.kind ? 'segment selected' : 'segment'}>
              <input type="radio" name={groupName} value={k.kind} checked={kind === k.kind} onChange={() => setKind(k.kind)} /> {k.label}
            </label>
          ))}
        </fieldset>
        <p className="hint">{hint}</p>
        {kind === 'domain' ? (
          <>
            <Field label="Domain" value={domain} onChange={(e) => setDomain(e.target.value)} placeholder="contoso.com" required autoComplete="off" spellCheck={false} inputMode="url" />
            <Field label="DKIM selectors (optional)" hint="Besides selector1/selector2 and the common ones; separate with spaces or commas." value={selectors} onChange={(e) => setSelectors(e.target.value)} placeholder="s2026 google" autoComplete="off" spellCheck={false} />
            <Checkbox label="Connect to the mail servers (SMTP, STARTTLS, certificates, DANE)" checked={smtp} onChange={setSmtp} />
            <Checkbox label="Also ask whether postmaster@ is accepted (RCPT TO; no message is sent)" checked={probeRcpt} onChange={setProbeRcpt} />
          </>
        ) : null}
        {kind === 'path' ? (
          <>
            <Field label="From (sender)" type="email" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="alice@contoso.com" required autoComplete="off" />
            <Field label="To (recipient)" type="email" value={to} onChange={(e) => setTo(e.target.value)} placeholder="bob@fabrikam.com" required autoComplete="off" />
            <Field label="Sending IP (optional)" hint="Without it, every range the sender's SPF allows is considered." value={ip} onChange={(e) => setIp(e.target.value)} placeholder="203.0.113.5" autoComplete="off" spellCheck={false} />
            <Field label="HELO name (optional)" value={helo} onChange={(e) => setHelo(e.target.value)} placeholder="mail.contoso.com" autoComplete="off" spellCheck={false} />
            <Checkbox label="Connect to the recipient's mail servers (SMTP, STARTTLS)" checked={smtp} onChange={setSmtp} />
          </>
        ) : null}
        {kind === 'ip' ? (
          <Field label="IP address" value={ip} onChange={(e) => setIp(e.target.value)} placeholder="203.0.113.5" required autoComplete="off" spellCheck={false} />
        ) : null}
        <div className="buttons">
          <button type="submit" className="button-primary" disabled={result.state === 'running'}>Run the checks</button>
        </div>
      </form>
      <div aria-live="polite">
        {result.state === 'running' ? <Busy text="Checking… (DNS, then the mail servers; this can take up to half a minute)" /> : null}
        {result.state === 'failed' ? <FailureNotice failure={result.failure} what="Check" /> : null}
      </div>
      {result.state === 'done' ? <CheckReportView report={result.value} /> : null}
    </>
  );
}
