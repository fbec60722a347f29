import { type RunInput, runInputSchema } from "../contracts";
import { createLogger, type Logger } from "../logger";
import { runIdForDrop } from "../run-id";
import type { RunStarter } from "../starter/run-starter";
import { type Drop, type DropSettings, dropOfKey, objectRole, sameDrop } from "./drop";
import { decideDrop, MAX_DELAY_SECONDS } from "./drop-decision";
import type { ListDrop } from "./drop-listing";
import { decodeEventKey } from "./object-key";
import { type BatchResponse, parseTriggerMessage, type RecheckMessage, type SqsEvent, sqsEventSchema } from "./trigger-messages";

export interface TriggerDependencies {
  drops: DropSettings;
  listDrop: ListDrop;
  /** Sends a re-check message to the trigger's own queue, delivered after `delaySeconds` (≤ 900). */
  scheduleRecheck: (message: RecheckMessage, delaySeconds: number) => Promise<void>;
  starter: RunStarter;
  /** The trigger's clock (injectable for tests): compared with S3 LastModified for the quiet period. */
  now?: () => Date;
  log?: Logger;
}

export type TriggerHandler = (event: SqsEvent) => Promise<BatchResponse>;

interface DropWork {
  bucket: string;
  drop: Drop;
  /** A marker was seen or a re-check came due: decide now. Otherwise only schedule a re-check. */
  decide: boolean;
  /** A data file of this drop was created (its re-check is due after the quiet period). */
  sawData: boolean;
  /** For re-checks: when the re-check was scheduled. */
  scheduledAt?: Date;
  messageIds: Set<string>;
}

/**
 * The trigger (the same code in Lambda and in `crm-reco serve`): each SQS record carries an S3 event
 * notification, S3's test event, or our own delayed re-check. Objects of a batch are grouped by drop, so a
 * batch starts each drop at most once; a failure fails only the records that touched that drop
 * (partial batch response), and a record that cannot be read fails alone.
 */
export function createTriggerHandler(deps: TriggerDependencies): TriggerHandler {
  const log = deps.log ?? createLogger({ component: "trigger" });
  const now = deps.now ?? (() => new Date());

  return async (rawEvent) => {
    const event = sqsEventSchema.parse(rawEvent);
    const failures = new Set<string>();
    const work: DropWork[] = [];
    const ignored: string[] = [];
    let seenMessages = 0;
    const seenIds = new Set<string>();

    const workFor = (bucket: string, drop: Drop): DropWork => {
      let entry = work.find((item) => item.bucket === bucket && sameDrop(item.drop, drop));
      if (!entry) {
        entry = { bucket, drop, decide: false, sawData: false, messageIds: new Set() };
        work.push(entry);
      }
      return entry;
    };

    for (const record of event.Records) {
      if (seenIds.has(record.messageId)) continue; // the same delivery twice in one batch
      seenIds.add(record.messageId);
      seenMessages++;
      try {
        const message = parseTriggerMessage(record.body);
        if (message.kind === "s3-test-event") continue;
        if (message.kind === "recheck") {
          const entry = workFor(message.message.bucket, { dropKey: message.message.dropKey, root: message.message.root });
          entry.decide = true;
          const scheduledAt = new Date(message.message.scheduledAt);
          if (!entry.scheduledAt || scheduledAt > entry.scheduledAt) entry.scheduledAt = scheduledAt;
          entry.messageIds.add(record.messageId);
          continue;
        }
        for (const s3Record of message.records) {
          const key = decodeEventKey(s3Record.s3.object.key);
          if (!s3Record.eventName.startsWith("ObjectCreated:")) continue;
          const role = objectRole(key, deps.drops);
          if (role === "other") {
            ignored.push(key);
            continue;
          }
          const entry = workFor(s3Record.s3.bucket.name, dropOfKey(key));
          if (role === "marker") entry.decide = true;
          else entry.sawData = true;
          entry.messageIds.add(record.messageId);
        }
      } catch (error) {
        failures.add(record.messageId);
        log.warn("trigger.unreadable_message", { messageId: record.messageId, error: errorText(error) });
      }
    }
    if (ignored.length > 0)
      log.warn("trigger.ignored_objects", {
        count: ignored.length,
        keys: ignored.slice(0, 20).join(" | "),
        accepted: deps.drops.accepted_extensions.join(","),
      });

    let started = 0;
    let scheduled = 0;
    for (const entry of work) {
      try {
        const outcome = await handleDrop(entry);
        if (outcome === "started") started++;
        if (outcome === "scheduled") scheduled++;
      } catch (error) {
        for (const id of entry.messageIds) failures.add(id);
        log.error("trigger.drop_failed", { dropKey: entry.drop.dropKey, error: errorText(error) });
      }
    }
    log.info("trigger.batch", {
      messages: seenMessages,
      drops: work.length,
      started,
      rechecksScheduled: scheduled,
      ignoredObjects: ignored.length,
      failed: failures.size,
    });
    return { batchItemFailures: [...failures].map((itemIdentifier) => ({ itemIdentifier })) };
  };

  async function handleDrop(entry: DropWork): Promise<"started" | "already-started" | "scheduled" | "waiting" | "empty"> {
    const current = now();
    if (!entry.decide) {
      // A data file without a marker (yet): look again once the folder has been quiet long enough.
      await deps.scheduleRecheck(recheckFor(entry, current), Math.min(deps.drops.quiet_period_seconds, MAX_DELAY_SECONDS));
      return "scheduled";
    }
    const objects = await deps.listDrop(entry.bucket, entry.drop);
    const decision = decideDrop(entry.drop, objects, deps.drops, current);
    if (decision.action === "none") {
      log.info("trigger.drop_empty", { dropKey: entry.drop.dropKey, objects: objects.length });
      return "empty";
    }
    if (decision.action === "wait") {
      // Objects newer than this re-check have re-checks of their own coming; otherwise nobody else will look.
      const nobodyElseWillLook = !entry.scheduledAt || decision.newestAt.getTime() <= entry.scheduledAt.getTime();
      if (entry.sawData || nobodyElseWillLook) {
        await deps.scheduleRecheck(recheckFor(entry, current), decision.seconds);
        return "scheduled";
      }
      return "waiting";
    }
    const input: RunInput = runInputSchema.parse({
      runId: runIdForDrop(entry.drop.dropKey, decision.files),
      dropKey: entry.drop.dropKey,
      inbox: { bucket: entry.bucket, files: decision.files },
      asOf: null,
    });
    const result = await deps.starter.start(input);
    log.info(result.started ? "trigger.run_started" : "trigger.run_already_started", {
      runId: result.runId,
      dropKey: entry.drop.dropKey,
      files: decision.files.length,
      reason: decision.reason,
    });
    return result.started ? "started" : "already-started";
  }
}

function recheckFor(entry: DropWork, at: Date): RecheckMessage {
  return {
    type: "crm-reco.recheck-drop",
    bucket: entry.bucket,
    dropKey: entry.drop.dropKey,
    root: entry.drop.root,
    scheduledAt: at.toISOString(),
  };
}

function errorText(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 300);
}
