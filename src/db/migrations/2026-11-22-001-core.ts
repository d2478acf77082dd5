import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';

// Frozen once landed: later changes go in a new dated file.

type Builder = CreateTableBuilder<string, never>;

function withId(t: Builder, caps: DialectCaps): Builder {
  return caps.idType === 'serial'
    ? t.addColumn('id', 'serial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

function timestamps(t: Builder): Builder {
  return t.addColumn('created_at', 'text', (c) => c.notNull()).addColumn('updated_at', 'text', (c) => c.notNull());
}

export async function up(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  await timestamps(
    withId(db.schema.createTable('users'), caps)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('alias', 'text')
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('is_owner', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('can_delete_tickets', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('suspended', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('external_id', 'text')
      .addColumn('notes', 'text')
      .addColumn('details', 'text')
      .addColumn('user_fields', 'text')
      .addColumn('locale', 'text')
      .addColumn('time_zone', 'text')
      .addColumn('password_hash', 'text'),
  )
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by_id', 'integer')
    .addColumn('erasing_since', 'text')
    .addColumn('erased_at', 'text')
    .execute();
  await db.schema.createIndex('users_role').on('users').columns(['role', 'deleted_at']).execute();
  await db.schema.createIndex('users_deleted_at').on('users').column('deleted_at').execute();
  await db.schema.createIndex('users_external_id').on('users').column('external_id').execute();

  await timestamps(
    withId(db.schema.createTable('identities'), caps)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('value_key', 'text', (c) => c.notNull())
      .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('released', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();
  await db.schema.createIndex('identities_user').on('identities').column('user_id').execute();
  // An address belongs to one live contact at a time; a deleted contact's addresses are
  // released so that the same person can write in again as someone new.
  await db.schema
    .createIndex('identities_unique_live')
    .on('identities')
    .columns(['type', 'value_key'])
    .unique()
    .where(sql.ref('released'), '=', 0)
    .execute();
  await db.schema.createIndex('identities_value_key').on('identities').columns(['value_key']).execute();

  await db.schema
    .createTable('user_tags')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_tags_pk', ['user_id', 'tag'])
    .execute();

  await timestamps(
    withId(db.schema.createTable('organizations'), caps)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('details', 'text')
      .addColumn('notes', 'text')
      .addColumn('external_id', 'text')
      .addColumn('domain_names', 'text', (c) => c.notNull().defaultTo('[]')),
  ).execute();
  await db.schema.createIndex('organizations_name').on('organizations').column('name').unique().execute();

  await timestamps(
    withId(db.schema.createTable('organization_memberships'), caps)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();
  await db.schema
    .createIndex('org_memberships_unique')
    .on('organization_memberships')
    .columns(['user_id', 'organization_id'])
    .unique()
    .execute();
  await db.schema.createIndex('org_memberships_org').on('organization_memberships').column('organization_id').execute();

  await timestamps(
    withId(db.schema.createTable('groups'), caps)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text'),
  ).execute();

  await timestamps(
    withId(db.schema.createTable('group_memberships'), caps)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id'))
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();
  await db.schema
    .createIndex('group_memberships_unique')
    .on('group_memberships')
    .columns(['user_id', 'group_id'])
    .unique()
    .execute();
  await db.schema.createIndex('group_memberships_group').on('group_memberships').column('group_id').execute();

  await timestamps(
    withId(db.schema.createTable('tickets'), caps)
      .addColumn('external_id', 'text')
      .addColumn('subject', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('priority', 'text')
      .addColumn('type', 'text')
      .addColumn('requester_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('submitter_id', 'integer', (c) => c.references('users.id'))
      .addColumn('assignee_id', 'integer', (c) => c.references('users.id'))
      .addColumn('organization_id', 'integer', (c) => c.references('organizations.id'))
      .addColumn('group_id', 'integer', (c) => c.references('groups.id'))
      .addColumn('brand_id', 'integer')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('custom_fields', 'text')
      .addColumn('due_at', 'text')
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('spam_cause', 'text')
      .addColumn('state_changed_at', 'text')
      .addColumn('state_actor_id', 'integer', (c) => c.references('users.id'))
      .addColumn('solved_at', 'text')
      .addColumn('erased_at', 'text'),
  ).execute();
  // Every reference an erasure follows is indexed, so erasing costs what the person owns.
  await db.schema.createIndex('tickets_requester').on('tickets').columns(['requester_id', 'state']).execute();
  await db.schema.createIndex('tickets_submitter').on('tickets').column('submitter_id').execute();
  await db.schema.createIndex('tickets_assignee').on('tickets').column('assignee_id').execute();
  await db.schema.createIndex('tickets_organization').on('tickets').column('organization_id').execute();
  await db.schema.createIndex('tickets_group').on('tickets').column('group_id').execute();
  await db.schema.createIndex('tickets_state_actor').on('tickets').column('state_actor_id').execute();
  await db.schema.createIndex('tickets_state_status').on('tickets').columns(['state', 'status', 'id']).execute();
  await db.schema.createIndex('tickets_state_changed').on('tickets').columns(['state', 'state_changed_at']).execute();
  await db.schema.createIndex('tickets_solved').on('tickets').columns(['status', 'solved_at']).execute();
  await db.schema.createIndex('tickets_updated').on('tickets').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('tickets_external_id').on('tickets').column('external_id').execute();

  await db.schema
    .createTable('ticket_tags')
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_tags_pk', ['ticket_id', 'tag'])
    .execute();
  await db.schema.createIndex('ticket_tags_tag').on('ticket_tags').column('tag').execute();

  await db.schema
    .createTable('ticket_collaborators')
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('ticket_collaborators_pk', ['ticket_id', 'user_id'])
    .execute();
  await db.schema.createIndex('ticket_collaborators_user').on('ticket_collaborators').column('user_id').execute();

  await withId(db.schema.createTable('comments'), caps)
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('plain_body', 'text', (c) => c.notNull())
    .addColumn('public', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_ticket').on('comments').columns(['ticket_id', 'id']).execute();
  await db.schema.createIndex('comments_author').on('comments').column('author_id').execute();

  await withId(db.schema.createTable('attachments'), caps)
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id'))
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id'))
    .addColumn('upload_token', 'text')
    .addColumn('uploader_id', 'integer', (c) => c.references('users.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('inline', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('content_id', 'text')
    .addColumn('data', caps.blobType, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_ticket').on('attachments').column('ticket_id').execute();
  await db.schema.createIndex('attachments_comment').on('attachments').column('comment_id').execute();
  await db.schema.createIndex('attachments_upload_token').on('attachments').column('upload_token').execute();
  await db.schema.createIndex('attachments_uploader').on('attachments').column('uploader_id').execute();

  await withId(db.schema.createTable('ticket_audits'), caps)
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('author_id', 'integer', (c) => c.references('users.id'))
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_audits_ticket').on('ticket_audits').column('ticket_id').execute();
  await db.schema.createIndex('ticket_audits_author').on('ticket_audits').column('author_id').execute();

  await withId(db.schema.createTable('api_tokens'), caps)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  await withId(db.schema.createTable('audit_events'), caps)
    .addColumn('actor_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_created').on('audit_events').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('audit_events_actor').on('audit_events').column('actor_id').execute();

  await timestamps(
    db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('job_type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('message', 'text')
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('results', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('actor_id', 'integer')
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_until', 'text'),
  ).execute();
  await db.schema.createIndex('jobs_status').on('jobs').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('jobs_actor').on('jobs').column('actor_id').execute();

  await db.schema
    .createTable('account_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
