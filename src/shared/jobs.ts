import { z } from 'zod';
import { OnceText } from './query.ts';

// Job statuses (the progress and results of bulk actions), as the API answers them and the
// web app reads them.

export const JOB_STATES = ['queued', 'working', 'completed', 'failed', 'killed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** One item's outcome in a job's results: ids and outcomes only, since results are shown to callers. */
export const JobItemResultSchema = z.object({
  /** Absent for an item that failed before it had one (a create), as Zendesk leaves it out. */
  id: z.number().optional(),
  /** The item's position in the request, for lists of bodies (create_many, create_or_update_many). */
  index: z.number().optional(),
  action: z.string(),
  status: z.string(),
  success: z.boolean(),
  error: z.string().optional(),
});
export type JobItemResult = z.infer<typeof JobItemResultSchema>;

export const JobStatusSchema = z.object({
  id: z.string(),
  url: z.string(),
  job_type: z.string(),
  total: z.number(),
  progress: z.number(),
  status: z.enum(JOB_STATES),
  message: z.string().nullable(),
  /** Null while queued; then one entry per item done. */
  results: z.array(JobItemResultSchema).nullable(),
});
export type JobStatus = z.infer<typeof JobStatusSchema>;

/** Job ids are what a bulk endpoint handed out: short URL-safe text. */
const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** GET /job_statuses/show_many?ids=a,b: up to 100 job ids (none: an empty list). */
export const JobIdsQuerySchema = z.object({
  ids: OnceText.optional().transform((s, ctx) => {
    const ids = (s ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const bad = ids.find((id) => !JOB_ID.test(id));
    if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `ids: "${bad.slice(0, 20)}" is not a job id.` });
    if (ids.length > 100) ctx.addIssue({ code: 'custom', message: `ids: too many ids, ${ids.length} given, at most 100 allowed.` });
    return ids;
  }),
});
