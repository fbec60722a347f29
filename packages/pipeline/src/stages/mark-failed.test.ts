import type { DatabaseHandle } from "@crm-reco/db";
import { dialectsUnderTest } from "@crm-reco/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLogSink } from "../logger";
import { describeFailure, recordRunFailure } from "./mark-failed";

setLogSink("silent");

describe("describeFailure", () => {
  it("takes the errorMessage out of a Lambda's JSON cause", () => {
    const cause = JSON.stringify({ errorType: "Error", errorMessage: "column client_code missing", trace: ["at x"] });
    expect(describeFailure({ Error: "Error", Cause: cause })).toBe("Error: column client_code missing");
  });

  it("keeps a plain-text cause, tolerates missing parts and truncates to 2,000 characters", () => {
    expect(describeFailure({ Error: "States.Timeout", Cause: "Task timed out" })).toBe("States.Timeout: Task timed out");
    expect(describeFailure({ Cause: "{not json" })).toBe("{not json");
    expect(describeFailure({})).toBeNull();
    const long = describeFailure({ Error: "E", Cause: "x".repeat(5_000) }) ?? "";
    expect(long).toHaveLength(2_000);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe.each(dialectsUnderTest())("mark failed on $name", ({ open }) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await open();
    await handle.db
      .insertInto("runs")
      .values({
        run_id: "r1",
        drop_key: "d",
        status: "RUNNING",
        config_hash: "h",
        input_files: JSON.stringify([]),
        started_at: new Date("2025-02-01T08:00:00Z"),
      })
      .execute();
    const execution = (stage: string, shard: number, status: "SUCCEEDED" | "FAILED" | "RUNNING", minute: number) => ({
      run_id: "r1",
      stage,
      shard,
      status,
      attempts: 1,
      started_at: new Date(Date.UTC(2025, 1, 1, 8, minute)),
    });
    await handle.db
      .insertInto("stage_executions")
      .values([
        execution("ingest", -1, "SUCCEEDED", 0),
        execution("features", -1, "SUCCEEDED", 1),
        execution("recommend", 0, "SUCCEEDED", 2),
        execution("recommend", 1, "FAILED", 3),
      ])
      .execute();
  });

  afterAll(async () => {
    await handle?.close();
  });

  it("records the failed stage and reason, and keeps the first finish time when repeated", async () => {
    const error = { Error: "TransientError", Cause: JSON.stringify({ errorMessage: "connection reset" }) };
    const first = await recordRunFailure({ handle }, { runId: "r1", error }, new Date("2025-02-01T09:00:00Z"));
    expect(first).toEqual({ runId: "r1", failedStage: "recommend" });
    const again = await recordRunFailure({ handle }, { runId: "r1", error }, new Date("2025-02-01T10:00:00Z"));
    expect(again).toEqual(first);
    const run = await handle.db.selectFrom("runs").selectAll().where("run_id", "=", "r1").executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: "FAILED", failed_stage: "recommend", error_message: "TransientError: connection reset" });
    expect(new Date(run.finished_at as Date).toISOString()).toBe("2025-02-01T09:00:00.000Z");
  });

  it("names a stage that never finished (a timeout leaves it RUNNING)", async () => {
    await handle.db
      .insertInto("stage_executions")
      .values({
        run_id: "r1",
        stage: "audit",
        shard: -1,
        status: "RUNNING",
        attempts: 1,
        started_at: new Date(Date.UTC(2025, 1, 1, 8, 10)),
      })
      .execute();
    expect(await recordRunFailure({ handle }, { runId: "r1", error: { Error: "States.Timeout" } })).toEqual({
      runId: "r1",
      failedStage: "audit",
    });
  });

  it("leaves an unregistered run alone", async () => {
    expect(await recordRunFailure({ handle }, { runId: "missing", error: { Error: "Error", Cause: "bad input" } })).toEqual({
      runId: "missing",
      failedStage: null,
    });
    expect(await handle.db.selectFrom("runs").select("run_id").where("run_id", "=", "missing").executeTakeFirst()).toBeUndefined();
  });
});
