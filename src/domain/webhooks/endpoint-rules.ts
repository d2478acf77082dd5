import type { Ctx } from '../../context.ts';
import { invalidField } from '../../errors.ts';
import { endpointProblem } from './post-webhook.ts';

/**
 * Refuses an endpoint that is not http(s), or that names a private or loopback address
 * while the operator does not allow them (422 naming `endpoint`). A public name that
 * resolves to a private address is refused when a request is sent (post-webhook.ts).
 */
export function checkEndpoint(ctx: Ctx, endpoint: string): void {
  const problem = endpointProblem(endpoint, ctx.webhooks?.allowPrivate ?? false);
  if (problem) throw invalidField('endpoint', `endpoint ${problem}`);
}
