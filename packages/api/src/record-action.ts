import { recordReviewAction } from "@crm-reco/db";
import type { RouteCall } from "./routes";

/** Appends to the review log what the caller did (who, with which role, on what, before and after). */
export async function recordAction(
  call: RouteCall,
  action: string,
  runId: string | null,
  target: string | null,
  before: unknown,
  after: unknown,
): Promise<void> {
  await recordReviewAction(call.context.handle, {
    runId,
    actor: call.principal.user,
    role: call.principal.role,
    action,
    target,
    before,
    after,
    actedAt: call.deps.now().toISOString(),
  });
}
