import { CONTACT_ERASE_WORDS } from '../../../../src/shared/erasure-words.ts';

// What each contact action does, said the same way on the list and on the contact page (docs/lifecycle.md).

export function suspendBody() {
  return (
    <>
      <p>A suspended contact cannot sign in, gets no auto-replies, notifications or satisfaction surveys, and new mail from any of their addresses is blocked: it does not become a ticket.</p>
      <p>Restore makes them active again. Their tickets stay where they are.</p>
    </>
  );
}

export function deleteBody(retentionDays: number) {
  return (
    <>
      <ul>
        <li>They leave every list and search, and show under Deleted contacts.</li>
        <li>Each ticket they requested moves to Spam, remembering its status.</li>
        <li>Their email addresses are freed: if the same person writes in again, they become a new contact.</li>
      </ul>
      <p>
        Restore brings them back with the tickets this moved to Spam. After {retentionDays} days in Deleted contacts they are erased
        automatically.
      </p>
    </>
  );
}

export function eraseBody(count: number) {
  return (
    <>
      <p>For {count === 1 ? 'this contact' : `each of these ${count} contacts`}, this erases:</p>
      <ul>
        {CONTACT_ERASE_WORDS.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
      <p>Comments they wrote on other people’s tickets stay, shown as written by “Permanently Deleted User”.</p>
      <p>
        <strong>This cannot be undone.</strong> Nobody, not even an admin, can bring them back.
      </p>
    </>
  );
}
