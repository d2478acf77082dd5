import { data, personal, ref, type AreaMap } from './types.ts';

// The fate of every column of the agent workspace (migration 2026-12-01-011-workspace).
//
// Views and macros are rules staff write to work a queue (conditions over statuses, ids and
// tags; a reply template with placeholders), not records about a person: their text stays.
// A personal one belongs to its agent and goes when that agent is erased; who created a
// shared one is kept as the stub's id.
//
// A draft is an agent's unsent reply: its text and chosen field changes are personal data
// (they name the requester, quote her). It goes with its ticket (so with the requester, whose
// tickets are erased with her), with its agent, and after 30 days untouched (jobs/sweeps.ts).

export const workspaceMap: AreaMap = {
  views: {
    columns: {
      id: data,
      title: data,
      description: data,
      active: data,
      position: data,
      is_default: data,
      owner_id: ref('users', 'erase'),
      conditions: data,
      execution: data,
      created_by_id: ref('users', 'keep'),
      created_at: data,
      updated_at: data,
    },
  },
  macros: {
    columns: {
      id: data,
      title: data,
      description: data,
      active: data,
      position: data,
      owner_id: ref('users', 'erase'),
      actions: data,
      created_by_id: ref('users', 'keep'),
      created_at: data,
      updated_at: data,
    },
  },
  ticket_drafts: {
    columns: {
      id: data,
      ticket_id: ref('tickets', 'erase'),
      user_id: ref('users', 'erase'),
      body: personal,
      public: data,
      status: data,
      fields: personal,
      created_at: data,
      updated_at: data,
    },
  },
};
