import { data, NOW, personal, ref, type AreaMap } from './types.ts';

// The fate of every column of the core tables (migration 2026-11-22-001-core).
// `keep` references end up pointing at the "Permanently Deleted User" stub or at a ticket
// tombstone, which keep their ids; nothing ever points at a row that is gone.

export const STUB_NAME = 'Permanently Deleted User';

const stamps = { created_at: data, updated_at: data };

export const coreMap: AreaMap = {
  users: {
    columns: {
      id: data,
      name: personal,
      alias: personal,
      role: data,
      is_owner: data,
      can_delete_tickets: data,
      suspended: data,
      verified: data,
      external_id: personal,
      notes: personal,
      details: personal,
      user_fields: personal,
      locale: personal,
      time_zone: personal,
      password_hash: personal,
      ...stamps,
      deleted_at: data,
      deleted_by_id: ref('users', 'keep'),
      erasing_since: data,
      erased_at: data,
    },
    // The stub: same id (so kept references still resolve), no way back to the person.
    tombstone: {
      erasedMarker: 'erased_at',
      scrub: {
        name: STUB_NAME,
        alias: null,
        external_id: null,
        notes: null,
        details: null,
        user_fields: null,
        locale: null,
        time_zone: null,
        password_hash: null,
        updated_at: NOW,
        erased_at: NOW,
      },
    },
  },
  identities: {
    columns: {
      id: data,
      user_id: ref('users', 'erase'),
      type: data,
      value: personal,
      value_key: personal,
      verified: data,
      is_primary: data,
      released: data,
      ...stamps,
    },
  },
  user_tags: {
    columns: { user_id: ref('users', 'erase'), tag: personal },
  },
  // Organizations and groups describe the helpdesk's customers and teams, not a person.
  organizations: {
    columns: { id: data, name: data, details: data, notes: data, external_id: data, domain_names: data, ...stamps },
  },
  organization_memberships: {
    columns: { id: data, user_id: ref('users', 'erase'), organization_id: ref('organizations', 'keep'), is_default: data, ...stamps },
  },
  groups: {
    columns: { id: data, name: data, description: data, ...stamps },
  },
  group_memberships: {
    columns: { id: data, user_id: ref('users', 'erase'), group_id: ref('groups', 'keep'), is_default: data, ...stamps },
  },
  tickets: {
    columns: {
      id: data,
      external_id: personal,
      subject: personal,
      status: data,
      priority: data,
      type: data,
      requester_id: ref('users', 'erase-ticket'),
      submitter_id: ref('users', 'keep'),
      assignee_id: ref('users', 'keep'),
      organization_id: ref('organizations', 'keep'),
      group_id: ref('groups', 'keep'),
      brand_id: data,
      channel: data,
      custom_fields: personal,
      due_at: data,
      state: data,
      spam_cause: data,
      state_changed_at: data,
      state_actor_id: ref('users', 'keep'),
      solved_at: data,
      erased_at: data,
      ...stamps,
    },
    // A ticket tombstone (docs/lifecycle.md): id, channel, created/updated at, status `deleted`,
    // requester, submitter, assignee, group, brand and when it was erased. All else is null.
    tombstone: {
      erasedMarker: 'erased_at',
      scrub: {
        external_id: null,
        subject: null,
        status: 'deleted',
        priority: null,
        type: null,
        organization_id: null,
        custom_fields: null,
        due_at: null,
        state: 'erased',
        spam_cause: null,
        state_changed_at: null,
        state_actor_id: null,
        solved_at: null,
        erased_at: NOW,
        // Bumped so incremental exports pick the tombstone up.
        updated_at: NOW,
      },
    },
  },
  ticket_tags: {
    columns: { ticket_id: ref('tickets', 'erase'), tag: personal },
  },
  ticket_collaborators: {
    columns: { ticket_id: ref('tickets', 'erase'), user_id: ref('users', 'erase') },
  },
  comments: {
    columns: {
      id: data,
      ticket_id: ref('tickets', 'erase'),
      // Their comments on other people's tickets stay, shown as by the stub (docs/lifecycle.md).
      author_id: ref('users', 'keep'),
      body: personal,
      html_body: personal,
      plain_body: personal,
      public: data,
      channel: data,
      created_at: data,
    },
  },
  attachments: {
    columns: {
      id: data,
      ticket_id: ref('tickets', 'erase'),
      comment_id: ref('comments', 'erase'),
      upload_token: personal,
      // An upload not yet used goes with its uploader; a used one belongs to its ticket.
      uploader_id: ref('users', 'erase', { onlyWhereNull: ['ticket_id', 'comment_id'] }),
      file_name: personal,
      content_type: data,
      size: data,
      inline: data,
      content_id: personal,
      data: personal,
      created_at: data,
    },
  },
  ticket_audits: {
    // Events hold field names and ids only (schema.ts), so an audit by them elsewhere stays.
    columns: { id: data, ticket_id: ref('tickets', 'erase'), author_id: ref('users', 'keep'), events: data, created_at: data },
  },
  api_tokens: {
    columns: { id: data, user_id: ref('users', 'erase'), token_hash: personal, created_at: data, last_used_at: data },
  },
  audit_events: {
    // The record that something happened stays; it holds ids, counts and states only.
    columns: {
      id: data,
      actor_id: ref('users', 'keep'),
      action: data,
      subject_type: data,
      subject_id: data,
      details: data,
      job_id: data,
      created_at: data,
    },
  },
  jobs: {
    // Results hold ids and outcomes only. A payload holds a bulk update's changes or a
    // create_many's bodies only while the job runs, then its ids (runner.ts, item-runner.ts).
    columns: {
      id: data,
      job_type: data,
      status: data,
      total: data,
      progress: data,
      message: data,
      payload: data,
      results: data,
      actor_id: ref('users', 'keep'),
      claimed_by: data,
      claimed_until: data,
      ...stamps,
    },
  },
  account_settings: {
    columns: { key: data, value: data, updated_at: data },
  },
};
