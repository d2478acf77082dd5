// Words of the help centre (docs/help-centre.md), shared by the server and the web app.

/** What a translation (and its revisions) belongs to. */
export const HC_SOURCE_TYPES = ['category', 'section', 'article'] as const;
export type HcSourceType = (typeof HC_SOURCE_TYPES)[number];

/** What can be voted on. */
export const HC_VOTE_ITEMS = ['article', 'post', 'post_comment'] as const;
export type HcVoteItem = (typeof HC_VOTE_ITEMS)[number];

/** Zendesk's community post statuses. */
export const HC_POST_STATUSES = ['none', 'planned', 'not_planned', 'completed', 'answered'] as const;
export type HcPostStatus = (typeof HC_POST_STATUSES)[number];
