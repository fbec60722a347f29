import { createLogger } from "../logger";
import { type Drop, dropOfKey, sameDrop } from "./drop";
import { decideDrop } from "./drop-decision";
import type { DropObject, ListBucket } from "./drop-listing";
import { createTriggerHandler, type TriggerDependencies } from "./trigger-handler";
import type { RecheckMessage } from "./trigger-messages";

/**
 * At start-up of the local stack: the queue's messages did not survive the restart, so look at every
 * drop of the inbox. A complete drop (marker, or quiet for long enough) goes to the starter, which
 * skips runs already recorded; a drop still in its quiet period gets its re-check scheduled again.
 */
export async function rescanInbox(
  deps: TriggerDependencies & { listBucket: ListBucket },
  bucket: string,
): Promise<{ drops: number; submitted: number; rechecks: number; failed: number }> {
  const log = deps.log ?? createLogger({ component: "trigger" });
  const now = deps.now ?? (() => new Date());
  const drops: Array<{ drop: Drop; objects: DropObject[] }> = [];
  for (const object of await deps.listBucket(bucket)) {
    const drop = dropOfKey(object.key);
    const entry = drops.find((candidate) => sameDrop(candidate.drop, drop));
    if (entry) entry.objects.push(object);
    else drops.push({ drop, objects: [object] });
  }
  // Complete drops go through the trigger itself as re-checks that are due now.
  const trigger = createTriggerHandler(deps);
  let submitted = 0;
  let rechecks = 0;
  let failed = 0;
  for (const { drop, objects } of drops) {
    const decision = decideDrop(drop, objects, deps.drops, now());
    if (decision.action === "none") continue;
    const message: RecheckMessage = {
      type: "crm-reco.recheck-drop",
      bucket,
      dropKey: drop.dropKey,
      root: drop.root,
      scheduledAt: now().toISOString(),
    };
    if (decision.action === "wait") {
      await deps.scheduleRecheck(message, decision.seconds);
      rechecks++;
      continue;
    }
    const response = await trigger({ Records: [{ messageId: `rescan:${drop.dropKey}`, body: JSON.stringify(message) }] });
    if (response.batchItemFailures.length > 0) failed++;
    else submitted++;
  }
  log.info("trigger.rescan", { drops: drops.length, submitted, rechecks, failed });
  return { drops: drops.length, submitted, rechecks, failed };
}
