import type { RecipientsSummary } from '../../../../src/shared/webhooks.ts';
import { When } from '../../components/Misc.tsx';

// The certificate's "Who was told" (GDPR Art. 17(2) and 19; docs/webhooks.md): every machine
// recipient her data had been handed to, by id, told of the erasure and whether it answered;
// people who were sent mail about her tickets or took her export, by count. No personal data.

function Row({ what, notified, acknowledged }: { what: string; notified: string | null; acknowledged: string | null }) {
  return (
    <tr>
      <th scope="row">{what}</th>
      <td>{notified ? <When at={notified} /> : 'not notified (deleted since)'}</td>
      <td>{acknowledged ? <When at={acknowledged} /> : <strong>not acknowledged</strong>}</td>
    </tr>
  );
}

/** The recipients part of an erasure certificate. */
export function RecipientsTold({ r }: { r: RecipientsSummary | undefined }) {
  if (!r) return null;
  const machines = r.webhooks.length + r.api_tokens.length;
  return (
    <section aria-labelledby="cert-told">
      <h3 id="cert-told">Who was told</h3>
      <p>
        {r.notified} {r.notified === 1 ? 'recipient' : 'recipients'} notified, {r.acknowledged} acknowledged.
        {machines === 0 && ' No webhook or API consumer had received this person’s data.'}
      </p>
      {machines > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Recipient</th>
              <th scope="col">Notified</th>
              <th scope="col">Acknowledged</th>
            </tr>
          </thead>
          <tbody>
            {r.webhooks.map((w) => (
              <Row key={`w${w.webhook_id}`} what={`Webhook #${w.webhook_id}`} notified={w.notified_at} acknowledged={w.acknowledged_at} />
            ))}
            {r.api_tokens.map((t) => (
              <Row key={`t${t.api_token_id}`} what={`API token #${t.api_token_id} (incremental export)`} notified={t.notified_at} acknowledged={t.acknowledged_at} />
            ))}
          </tbody>
        </table>
      )}
      <p className="muted">
        People sent mail about their tickets: {r.mail_recipients}. Right-of-access exports taken: {r.access_exports}. People are not messaged by the erasure; their copies are in their own mailboxes and files.
      </p>
    </section>
  );
}
