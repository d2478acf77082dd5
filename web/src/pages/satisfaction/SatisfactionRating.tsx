import type { Ticket } from '../../../../src/shared/tickets.ts';

// The ticket's CSAT rating (docs/satisfaction.md), in the ticket's side panel: offered and not
// yet answered, or good/bad with the requester's comment and reason. Blank after an erasure.

const WORDS = { offered: 'Survey sent, not answered yet', unoffered: 'Not offered', good: 'Good, satisfied', bad: 'Bad, unsatisfied' } as const;

export function SatisfactionRating({ rating }: { rating: Ticket['satisfaction_rating'] }) {
  if (!rating) return null;
  return (
    <section className="panel" aria-label="Satisfaction">
      <h2 className="panel-title">Satisfaction</h2>
      <p>
        <strong data-score={rating.score}>{WORDS[rating.score]}</strong>
      </p>
      {rating.reason && rating.score === 'bad' && <p className="muted">{rating.reason}</p>}
      {rating.comment && <blockquote>{rating.comment}</blockquote>}
    </section>
  );
}
