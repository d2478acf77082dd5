// The community's row types, for presenters (which never import src/db).
export type { ArticleCommentRow, CommunityFileRow, PostCommentRow, PostRow, TopicRow, VoteRow } from '../../db/queries/community.ts';
