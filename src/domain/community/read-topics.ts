import type { Ctx } from '../../context.ts';
import { countTopics, listTopicRows, topicsInOrder, type TopicRow } from '../../db/queries/community.ts';
import type { PageSource } from '../page-source.ts';
import { topicOr404 } from './community-rules.ts';

/** Every topic, as pages (the API). */
export function listTopics(ctx: Ctx): PageSource<TopicRow> {
  return { fetch: (p) => listTopicRows(ctx.db, p), count: () => countTopics(ctx.db) };
}

/** Every topic in readers' order (the public pages). */
export function topicsForReaders(ctx: Ctx): Promise<TopicRow[]> {
  return topicsInOrder(ctx.db);
}

/** One topic; 404 when there is none. */
export function readTopic(ctx: Ctx, input: { topicId: number }): Promise<TopicRow> {
  return topicOr404(ctx.db, input.topicId);
}
