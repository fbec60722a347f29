import type { InboxFile } from "../contracts";
import { type Drop, type DropSettings, objectRole } from "./drop";
import type { DropObject } from "./drop-listing";

/** The longest DelaySeconds SQS accepts. */
export const MAX_DELAY_SECONDS = 900;

export type DropDecision =
  | { action: "start"; files: InboxFile[]; reason: "marker" | "quiet" }
  | { action: "wait"; seconds: number; newestAt: Date; files: InboxFile[] }
  | { action: "none"; reason: "no-data-files" };

/**
 * Is the drop complete? With its ready marker, yes; otherwise when its newest object is older than the
 * quiet period (S3 LastModified against the trigger's clock — the one place wall-clock time decides).
 */
export function decideDrop(drop: Drop, objects: readonly DropObject[], settings: DropSettings, now: Date): DropDecision {
  const files = objects
    .filter((object) => objectRole(object.key, settings) === "data")
    .map((object) => ({ key: object.key, etag: object.etag, size: object.size }));
  if (files.length === 0) return { action: "none", reason: "no-data-files" };
  if (!drop.root && objects.some((object) => objectRole(object.key, settings) === "marker"))
    return { action: "start", files, reason: "marker" };
  const newestAt = new Date(Math.max(...objects.map((object) => object.lastModified.getTime())));
  const quietMs = settings.quiet_period_seconds * 1000;
  const waitedMs = now.getTime() - newestAt.getTime();
  if (waitedMs >= quietMs) return { action: "start", files, reason: "quiet" };
  return { action: "wait", seconds: Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil((quietMs - waitedMs) / 1000))), newestAt, files };
}
