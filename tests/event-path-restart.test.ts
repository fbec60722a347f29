import { join } from "node:path";
import { loadRunStatus } from "@crm-reco/db";
import { taskHandlers } from "@crm-reco/functions";
import { generateWinery, getStageContext, type LocalServe, type RunInput, setLogSink, startServe } from "@crm-reco/pipeline";
import { afterAll, describe, expect, it } from "vitest";
import { defaultConfigDir } from "../packages/cli/src/paths";
import { scratchDir } from "./local-stack";

const winery = generateWinery({ customers: 60, seed: "event-path-restart" });

describe("stopping and restarting crm-reco serve", () => {
  const home = join(scratchDir("event-path-restart"), "home");
  let serve: LocalServe | undefined;
  afterAll(async () => {
    await serve?.close();
  }, 120_000);

  it("a stop lets the stage in flight finish; the next start resumes the run and picks up drops uploaded meanwhile", async () => {
    setLogSink({ file: join(home, "..", "log.jsonl") });
    let enteredFeatures!: () => void;
    const featuresEntered = new Promise<void>((resolve) => {
      enteredFeatures = resolve;
    });
    let releaseFeatures!: () => void;
    const featuresReleased = new Promise<void>((resolve) => {
      releaseFeatures = resolve;
    });
    const started: RunInput[] = [];
    serve = await startServe({
      home,
      configDir: defaultConfigDir(),
      handlers: {
        ...taskHandlers,
        FeaturesFunctionArn: async (input) => {
          enteredFeatures();
          await featuresReleased;
          return taskHandlers.FeaturesFunctionArn!(input);
        },
      },
      pollIntervalMs: 50,
      retryIntervalMs: 10,
      onRunStarted: (input) => started.push(input),
    });
    await serve.stack.uploadDrop("w30", [...winery.files, { name: "_READY", content: Buffer.alloc(0) }]);
    await featuresEntered;

    // Ctrl-C while Features runs: it finishes, Scenarios never starts, the run stays RUNNING.
    const closing = serve.close();
    releaseFeatures();
    await closing;
    serve = undefined;
    expect(started).toHaveLength(1);
    const runId = started[0]!.runId;

    // While stopped, another drop arrives (through a bare local stack: no queue, no trigger).
    const { startLocalStack } = await import("@crm-reco/pipeline");
    const offline = await startLocalStack({ home, configDir: defaultConfigDir() });
    const { handle } = await getStageContext();
    expect((await loadRunStatus(handle, runId))?.status).toBe("RUNNING");
    await offline.uploadDrop("w31", [
      ...generateWinery({ customers: 60, seed: "event-path-w31" }).files,
      { name: "_READY", content: Buffer.alloc(0) },
    ]);
    await offline.close();

    // Restart: the re-scan resumes w30 and starts w31.
    serve = await startServe({ home, configDir: defaultConfigDir(), handlers: taskHandlers, pollIntervalMs: 50, retryIntervalMs: 10 });
    expect(serve.rescan).toMatchObject({ drops: 2, submitted: 2, failed: 0 });
    await serve.starter.idle();
    const results = serve.starter.runs.map((record) => [
      record.input.dropKey,
      record.result === "STOPPED" ? "STOPPED" : record.result.status,
    ]);
    expect(results).toEqual([
      ["w30", "SUCCEEDED"],
      ["w31", "SUCCEEDED"],
    ]);
    expect(serve.starter.runs[0]!.input.runId).toBe(runId);
    const context = await getStageContext();
    expect((await loadRunStatus(context.handle, runId))?.status).toBe("SUCCEEDED");

    // A third start finds nothing to do.
    await serve.close();
    serve = await startServe({ home, configDir: defaultConfigDir(), handlers: taskHandlers, pollIntervalMs: 50 });
    expect(serve.rescan).toMatchObject({ drops: 2, submitted: 2 });
    await serve.starter.idle();
    expect(serve.starter.runs).toEqual([]);
  }, 180_000);
});
