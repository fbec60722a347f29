import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createTriggerHandler,
  type DropObject,
  type RecheckMessage,
  type RunInput,
  runInputSchema,
  type SqsEvent,
  setLogSink,
  type TriggerDependencies,
} from "@crm-reco/pipeline";
import { beforeEach, describe, expect, it } from "vitest";

const sample = (name: string): unknown => JSON.parse(readFileSync(join(import.meta.dirname, "..", "events", name), "utf8"));
const settings = { ready_marker: "_READY", quiet_period_seconds: 120, accepted_extensions: [".csv", ".xlsx"] };
const NOW = new Date("2025-06-02T08:00:00Z");

/** The drop of `events/sqs-batch-s3-events.json` as S3 would list it. */
const W23: DropObject[] = [
  { key: "2025-w23/_READY", etag: "d41d8cd98f00b204e9800998ecf8427e", size: 0, lastModified: new Date("2025-06-02T07:43:03Z") },
  { key: "2025-w23/clients.CSV", etag: "53aa4d440e101689b39e8e3c47adba3f", size: 9120, lastModified: new Date("2025-06-02T07:41:01Z") },
  { key: "2025-w23/notes de livraison.pdf", etag: "0f7b", size: 30511, lastModified: new Date("2025-06-02T07:42:02Z") },
  { key: "2025-w23/ventes.csv", etag: "b71ba66c029fd69c52322c11789f8110", size: 48213, lastModified: new Date("2025-06-02T07:40:00Z") },
];

function fakes(listing: Record<string, DropObject[]>, now = NOW) {
  const started: RunInput[] = [];
  const rechecks: Array<{ message: RecheckMessage; delaySeconds: number }> = [];
  const logs: Array<Record<string, unknown>> = [];
  const known = new Set<string>();
  const deps: TriggerDependencies = {
    drops: settings,
    listDrop: async (_bucket, drop) => listing[drop.dropKey] ?? [],
    scheduleRecheck: async (message, delaySeconds) => {
      rechecks.push({ message, delaySeconds });
    },
    starter: {
      async start(input) {
        started.push(input);
        const fresh = !known.has(input.runId);
        known.add(input.runId);
        return { runId: input.runId, started: fresh };
      },
    },
    now: () => now,
  };
  setLogSink((line) => logs.push(JSON.parse(line)));
  return { deps, started, rechecks, logs };
}

const recheckBody = (scheduledAt: string, dropKey = "2025-w23") =>
  JSON.stringify({ type: "crm-reco.recheck-drop", bucket: "crm-reco-prod-inbox", dropKey, root: false, scheduledAt });

describe("the trigger on the events/ samples", () => {
  beforeEach(() => setLogSink("silent"));

  it("starts exactly one run for a batch with a duplicate marker event and a non-CSV key", async () => {
    const { deps, started, rechecks, logs } = fakes({ "2025-w23": W23 });
    const response = await createTriggerHandler(deps)(sample("sqs-batch-s3-events.json") as SqsEvent);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(started).toHaveLength(1);
    // Data files only, the marker and the PDF left out; the run is the one of events/state-machine-input.json.
    expect(started[0]).toEqual(runInputSchema.parse(sample("state-machine-input.json")));
    expect(rechecks).toEqual([]);
    const ignored = logs.find((line) => line.event === "trigger.ignored_objects");
    expect(ignored).toMatchObject({ level: "warn", count: 1, keys: "2025-w23/notes de livraison.pdf" });
  });

  it("starts nothing more when the same batch is delivered again", async () => {
    const { deps, started } = fakes({ "2025-w23": W23 });
    const trigger = createTriggerHandler(deps);
    await trigger(sample("sqs-batch-s3-events.json") as SqsEvent);
    await trigger(sample("sqs-batch-s3-events.json") as SqsEvent);
    expect(new Set(started.map((input) => input.runId)).size).toBe(1);
  });

  it("schedules a re-check for a data file without a marker, with the key decoded", async () => {
    const { deps, started, rechecks } = fakes({});
    const body = JSON.stringify(sample("s3-object-created.json"));
    const response = await createTriggerHandler(deps)({ Records: [{ messageId: "m1", body }] });
    expect(response.batchItemFailures).toEqual([]);
    expect(started).toEqual([]);
    expect(rechecks).toEqual([
      {
        message: {
          type: "crm-reco.recheck-drop",
          bucket: "crm-reco-prod-inbox",
          dropKey: "2025-w23",
          root: false,
          scheduledAt: NOW.toISOString(),
        },
        delaySeconds: 120,
      },
    ]);
  });

  it("on a re-check: starts a quiet drop, waits while newer objects have their own re-check, re-schedules otherwise", async () => {
    const unmarked = W23.filter((object) => !object.key.endsWith("_READY"));
    // Newest object 07:42:02; quiet period 120 s.
    const quiet = fakes({ "2025-w23": unmarked }, new Date("2025-06-02T07:44:02Z"));
    await createTriggerHandler(quiet.deps)({ Records: [{ messageId: "r1", body: recheckBody("2025-06-02T07:42:02Z") }] });
    expect(quiet.started.map((input) => input.inbox.files.length)).toEqual([2]);

    const newer = fakes({ "2025-w23": unmarked }, new Date("2025-06-02T07:43:00Z"));
    await createTriggerHandler(newer.deps)({ Records: [{ messageId: "r2", body: recheckBody("2025-06-02T07:41:01Z") }] });
    expect(newer.started).toEqual([]);
    expect(newer.rechecks).toEqual([]);

    const early = fakes({ "2025-w23": unmarked }, new Date("2025-06-02T07:43:00Z"));
    await createTriggerHandler(early.deps)({ Records: [{ messageId: "r3", body: recheckBody("2025-06-02T07:42:30Z") }] });
    expect(early.started).toEqual([]);
    expect(early.rechecks.map((recheck) => recheck.delaySeconds)).toEqual([62]);
  });

  it("reports only the records it could not handle (partial batch response)", async () => {
    const { deps, started } = fakes({ "2025-w23": W23 });
    const batch = sample("sqs-batch-s3-events.json") as SqsEvent;
    const response = await createTriggerHandler(deps)({
      Records: [
        { messageId: "bad-json", body: "{not json" },
        { messageId: "bad-shape", body: JSON.stringify({ hello: "world" }) },
        { messageId: "test-event", body: JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent", Bucket: "crm-reco-prod-inbox" }) },
        ...batch.Records,
      ],
    });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "bad-json" }, { itemIdentifier: "bad-shape" }]);
    expect(started).toHaveLength(1);
  });

  it("fails every record of a drop whose start failed, and only those", async () => {
    const { deps } = fakes({ "2025-w23": W23 });
    deps.starter = {
      start: async () => {
        throw new Error("throttled");
      },
    };
    const other = JSON.stringify({
      Records: [
        { eventName: "ObjectCreated:Post", s3: { bucket: { name: "crm-reco-prod-inbox" }, object: { key: "2025-w24/ventes.csv" } } },
      ],
    });
    const batch = sample("sqs-batch-s3-events.json") as SqsEvent;
    const response = await createTriggerHandler(deps)({ Records: [...batch.Records, { messageId: "w24", body: other }] });
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual([
      "5f1c2a0e-0001-4a6b-9c1d-000000000001",
      "5f1c2a0e-0002-4a6b-9c1d-000000000002",
      "5f1c2a0e-0004-4a6b-9c1d-000000000004",
      "5f1c2a0e-0005-4a6b-9c1d-000000000005",
    ]);
  });
});
