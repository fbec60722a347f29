import { describe, expect, it } from "vitest";
import type { RunInput } from "../contracts";
import { renderDefinition, type TaskHandlers } from "../local/state-machine-runner";
import { LocalRunStarter, type RecordedRunStatus } from "./local-run-starter";

const runInput = (runId: string): RunInput => ({
  runId,
  dropKey: runId,
  inbox: { bucket: "inbox", files: [{ key: `${runId}/a.csv` }] },
  asOf: null,
});

/** Stand-in stages that pass pointers along and log which stage ran for which run. */
function fakeHandlers(calls: string[], gate?: Promise<void>): TaskHandlers {
  const stage =
    (name: string, extra: Record<string, unknown> = {}) =>
    async (input: unknown) => {
      const { runId } = input as { runId: string };
      calls.push(`${runId}:${name}`);
      if (name === "features" && gate) await gate;
      return { runId, asOf: "2025-06-01", counts: {}, ...extra };
    };
  return {
    IngestFunctionArn: stage("ingest"),
    FeaturesFunctionArn: stage("features"),
    ScenariosFunctionArn: stage("scenarios", { shards: [{ index: 0, count: 1 }] }),
    RecommendFunctionArn: stage("recommend"),
    AuditFunctionArn: stage("audit"),
    ExportFunctionArn: stage("export"),
    NotifyFunctionArn: stage("notify"),
    MarkFailedFunctionArn: stage("mark-failed"),
  };
}

function starterWith(handlers: TaskHandlers, recorded: Record<string, RecordedRunStatus> = {}) {
  return new LocalRunStarter({
    definition: renderDefinition({ recommendMaxConcurrency: 2 }),
    handlers,
    recordedStatus: async (runId) => recorded[runId],
  });
}

describe("LocalRunStarter", () => {
  it("runs each run id once, one execution at a time, in the order started", async () => {
    const calls: string[] = [];
    const starter = starterWith(fakeHandlers(calls), { done: "SUCCEEDED", failed: "FAILED", interrupted: "RUNNING" });
    expect(await starter.start(runInput("a"))).toEqual({ runId: "a", started: true });
    expect(await starter.start(runInput("b"))).toEqual({ runId: "b", started: true });
    expect(await starter.start(runInput("a"))).toEqual({ runId: "a", started: false });
    expect(await starter.start(runInput("done"))).toEqual({ runId: "done", started: false });
    expect(await starter.start(runInput("failed"))).toEqual({ runId: "failed", started: false });
    // Left RUNNING by a process that was stopped: resumed.
    expect(await starter.start(runInput("interrupted"))).toEqual({ runId: "interrupted", started: true });
    await starter.idle();
    expect(starter.runs.map((record) => [record.input.runId, record.result === "STOPPED" ? "STOPPED" : record.result.status])).toEqual([
      ["a", "SUCCEEDED"],
      ["b", "SUCCEEDED"],
      ["interrupted", "SUCCEEDED"],
    ]);
    const stagesOfA = calls.filter((call) => call.startsWith("a:"));
    expect(stagesOfA).toEqual(["a:ingest", "a:features", "a:scenarios", "a:recommend", "a:audit", "a:export", "a:notify"]);
    // Serial: b starts after a's last stage.
    expect(calls.indexOf("b:ingest")).toBe(calls.indexOf("a:notify") + 1);
  });

  it("stop lets the stage in flight finish, starts no further stage, drops what is queued", { timeout: 10_000 }, async () => {
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const starter = starterWith(fakeHandlers(calls, gate));
    await starter.start(runInput("a"));
    await starter.start(runInput("b"));
    for (let waited = 0; !calls.includes("a:features"); waited += 5) {
      if (waited > 5_000) throw new Error(`features never started: ${JSON.stringify(starter.runs)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const stopped = starter.stop();
    release();
    await stopped;
    expect(calls).toEqual(["a:ingest", "a:features"]);
    expect(starter.runs.map((record) => record.result)).toEqual(["STOPPED"]);
    await expect(starter.start(runInput("c"))).rejects.toThrow("stopping");
  });
});
