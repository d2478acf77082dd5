import { data, personal, ref, type AreaMap } from './types.ts';

// The fate of every column of the help centre (migration 2026-12-02-006-help-centre,
// docs/help-centre.md).
//
// Erasing a person: articles they wrote stay, written by the "Permanently Deleted User"
// stub (as comments on others' tickets do), and so do the translations and revisions they
// saved; their article comments, community posts and post comments are erased with those
// comments' and posts' files (others' comments on an erased post go with it, as when a post
// is deleted); their uploads not yet used in an article go; their votes stay with the stub,
// so counts do not change. Text they are *named* in (an article's body, a revision,
// someone else's comment) is found by the erasure request, which proposes delete or redact
// per match (src/domain/erasure-requests/help-centre-matches.ts).
//
// Articles, their translations, revisions and labels are published content written for
// readers, not records about a person: their text is `data` here, like a macro's. A person
// named in one is found by the erasure request (every revision of every translation is
// searched), which proposes deleting the article or redacting the string in all revisions.
//
// Translations and votes point at their item by (type, id), not by a foreign key: deleting
// an article forever (src/domain/help-centre) removes them in the same transaction.

const stamps = { created_at: data, updated_at: data } as const;

export const helpCentreMap: AreaMap = {
  hc_categories: { columns: { id: data, position: data, source_locale: data, ...stamps } },
  hc_sections: {
    columns: {
      id: data,
      category_id: ref('hc_categories', 'keep'),
      parent_section_id: ref('hc_sections', 'keep'),
      position: data,
      source_locale: data,
      ...stamps,
    },
  },
  hc_articles: {
    columns: {
      id: data,
      section_id: ref('hc_sections', 'keep'),
      author_id: ref('users', 'keep'),
      position: data,
      promoted: data,
      comments_disabled: data,
      source_locale: data,
      archived_at: data,
      ...stamps,
      edited_at: data,
    },
  },
  hc_translations: {
    columns: {
      id: data,
      source_type: data,
      source_id: data,
      locale: data,
      title: data,
      body: data,
      search_text: data,
      draft: data,
      outdated: data,
      created_by_id: ref('users', 'keep'),
      updated_by_id: ref('users', 'keep'),
      ...stamps,
    },
  },
  hc_revisions: {
    columns: {
      id: data,
      translation_id: ref('hc_translations', 'erase'),
      title: data,
      body: data,
      search_text: data,
      author_id: ref('users', 'keep'),
      created_at: data,
    },
  },
  hc_article_labels: { columns: { article_id: ref('hc_articles', 'erase'), name: data } },
  hc_article_attachments: {
    columns: {
      id: data,
      article_id: ref('hc_articles', 'erase'),
      // An upload not yet in an article goes with its uploader; a used one belongs to the article.
      uploader_id: ref('users', 'erase', { onlyWhereNull: ['article_id'] }),
      file_name: personal,
      content_type: data,
      size: data,
      inline: data,
      data: personal,
      created_at: data,
    },
  },
  hc_article_comments: {
    columns: {
      id: data,
      article_id: ref('hc_articles', 'erase'),
      author_id: ref('users', 'erase'),
      locale: data,
      body: personal,
      ...stamps,
    },
  },
  hc_topics: { columns: { id: data, name: data, description: data, position: data, ...stamps } },
  hc_posts: {
    columns: {
      id: data,
      topic_id: ref('hc_topics', 'keep'),
      author_id: ref('users', 'erase'),
      title: personal,
      details: personal,
      search_text: personal,
      status: data,
      pinned: data,
      featured: data,
      closed: data,
      ...stamps,
    },
  },
  hc_post_comments: {
    columns: {
      id: data,
      post_id: ref('hc_posts', 'erase'),
      author_id: ref('users', 'erase'),
      body: personal,
      search_text: personal,
      official: data,
      ...stamps,
    },
  },
  hc_community_attachments: {
    columns: {
      id: data,
      post_id: ref('hc_posts', 'erase'),
      comment_id: ref('hc_post_comments', 'erase'),
      uploader_id: ref('users', 'erase'),
      file_name: personal,
      content_type: data,
      size: data,
      data: personal,
      created_at: data,
    },
  },
  hc_votes: {
    columns: {
      id: data,
      item_type: data,
      item_id: data,
      user_id: ref('users', 'keep'),
      value: data,
      ...stamps,
    },
  },
};
