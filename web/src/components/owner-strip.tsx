/**
 * Who must act, as Microsoft's new NDRs show it: three parties, Sender -> Provider (for
 * Exchange Online, Microsoft 365) -> Recipient, with the one that must act marked "action
 * required" in words (not only colour). The same parties as the CLI's strip
 * (src/report/render-explain-text.ts ownerStrip).
 * @module
 */
import type { Actor } from '../api/api-types.js';

export const ACTOR_TEXT: Record<Actor, string> = {
  'sender': 'you, the sender',
  'sender-admin': "your organisation's mail admin",
  'recipient-admin': "the recipient's side (their admin or mailbox)",
  'group-owner': 'the owner of the group you wrote to',
  'provider': 'the mail provider (for example Microsoft)',
  'none': 'nobody: it will retry, or nothing failed',
};

const PARTIES: { name: string; marks: readonly Actor[] }[] = [
  { name: 'Sender', marks: ['sender', 'sender-admin'] },
  { name: 'Provider', marks: ['provider'] },
  { name: 'Recipient', marks: ['recipient-admin', 'group-owner'] },
];

/** `provider`: what to call the middle party (Microsoft 365 for Exchange Online's reports). */
export function OwnerStrip({ actor, provider = 'Provider' }: { actor: string; provider?: string }) {
  const who = ACTOR_TEXT[actor as Actor] ?? actor;
  return (
    <div className="owner">
      <ol className="owner-strip" aria-label={`Who must act: ${who}`}>
        {PARTIES.map((party) => {
          const marked = party.marks.includes(actor as Actor);
          const name = party.name === 'Provider' ? provider : party.name;
          return (
            <li key={party.name} className={marked ? 'owner-party owner-marked' : 'owner-party'} aria-current={marked ? 'true' : undefined}>
              {marked ? <span aria-hidden="true">⚑ </span> : null}
              {name}
              {marked ? <strong className="owner-action">action required</strong> : null}
            </li>
          );
        })}
      </ol>
      <p className="owner-who">
        Who must act: <strong>{who}</strong>
      </p>
    </div>
  );
}
