import { AppError } from '../errors.ts';
import type { Decision } from '../shared/policy.ts';

// Who may do what: the pure rules are in src/shared/policy.ts, imported by the web app too,
// so the buttons it shows and the checks here are one set of functions. Actions call them
// through authorize(), before their first write.

export {
  abilitiesFor,
  canAdminister,
  canBulkDeleteUsers,
  canCreateUser,
  canDeleteRecordings,
  canDeleteChat,
  canDeleteChatFiles,
  canDeleteTickets,
  canExportUser,
  canManageRule,
  canManageUser,
  canReadReports,
  canReadAttachment,
  canRedact,
  canWorkTickets,
  ruleVisible,
  ticketShown,
  type AttachmentFacts,
  type Decision,
  type TargetUser,
  type UserOp,
} from '../shared/policy.ts';

/** Throws 403 with the rule's reason unless the decision allows it. */
export function authorize(decision: Decision): void {
  if (!decision.ok) throw new AppError('forbidden', decision.reason);
}
