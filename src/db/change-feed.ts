// The live feed's source (docs/live.md): committed changes, in ids and action names only,
// as each database can tell them. A change says *that* something changed, never what it
// now says: clients read the new state through the API, under its access rules.

/** One committed change: a ticket audit (a ticket changed) or an audit event (anything else). */
export type Change =
  | { kind: 'ticket'; id: number; ticket_id: number; author_id: number | null }
  | { kind: 'event'; id: number; action: string; subject_type: string; subject_id: number | null };

export interface ChangeListener {
  /** A change committed after the subscription began, in commit order. */
  change(c: Change): void;
  /** Changes may have been missed (the connection to the database dropped): read afresh. */
  gap(): void;
}

/** Committed changes and short-lived messages shared by every server on one database. */
export interface ChangeFeed {
  /** Starts listening (lazily: nothing runs while no one listens); returns the way to stop. */
  subscribe(listener: ChangeListener): () => void;
  /** Sends a message to every server's `onMessage` on this database, this one included; nothing is stored. */
  publish(message: string): Promise<void>;
  /** Receives what `publish` sent, from any server; returns the way to stop. */
  onMessage(fn: (message: string) => void): () => void;
  close(): Promise<void>;
}
