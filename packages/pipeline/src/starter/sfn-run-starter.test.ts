import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { executionName, SfnRunStarter } from "./sfn-run-starter";

const input = { runId: "w23-0123456789abcdef", dropKey: "w23", inbox: { bucket: "inbox", files: [{ key: "w23/a.csv" }] }, asOf: null };

function fakeClient(behaviour: (command: StartExecutionCommand) => unknown) {
  const sent: StartExecutionCommand[] = [];
  const client = {
    send: async (command: StartExecutionCommand) => {
      sent.push(command);
      return behaviour(command);
    },
  } as unknown as SFNClient;
  return { client, sent };
}

describe("SfnRunStarter", () => {
  it("starts an execution named after the run id, with the run input", async () => {
    const { client, sent } = fakeClient(() => ({ executionArn: "arn:exec" }));
    const starter = new SfnRunStarter({ stateMachineArn: "arn:aws:states:eu-west-3:1:stateMachine:run", client });
    expect(await starter.start(input)).toEqual({ runId: input.runId, started: true });
    expect(sent[0]).toBeInstanceOf(StartExecutionCommand);
    expect(sent[0]!.input).toEqual({
      stateMachineArn: "arn:aws:states:eu-west-3:1:stateMachine:run",
      name: input.runId,
      input: JSON.stringify(input),
    });
  });

  it("treats ExecutionAlreadyExists as already started, and lets other errors through", async () => {
    const exists = fakeClient(() => {
      throw new ExecutionAlreadyExists({ message: "Execution Already Exists", $metadata: {} });
    });
    expect(await new SfnRunStarter({ stateMachineArn: "arn:sm", client: exists.client }).start(input)).toEqual({
      runId: input.runId,
      started: false,
    });
    const throttled = fakeClient(() => {
      throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    });
    await expect(new SfnRunStarter({ stateMachineArn: "arn:sm", client: throttled.client }).start(input)).rejects.toThrow("Rate exceeded");
  });

  it("starts a re-run of the same run id under a distinct execution name", async () => {
    const { client, sent } = fakeClient(() => ({ executionArn: "arn:exec" }));
    const starter = new SfnRunStarter({ stateMachineArn: "arn:sm", client });
    expect(await starter.start(input, { rerun: 2 })).toEqual({ runId: input.runId, started: true });
    expect(sent[0]!.input.name).toBe("w23-0123456789abcdef-rerun-2");
    expect(JSON.parse(sent[0]!.input.input!).runId).toBe(input.runId);
  });

  it("keeps re-run names within 80 characters of [A-Za-z0-9-_], truncating the run id", () => {
    const longId = `${"d".repeat(70)}-0123456789abcdef`;
    const name = executionName(longId, 12);
    expect(name).toHaveLength(80);
    expect(name).toBe(`${longId.slice(0, 71)}-rerun-12`);
    expect(executionName("a/b c", 1)).toBe("a_b_c-rerun-1");
    expect(executionName(input.runId)).toBe(input.runId);
  });

  it("needs the state machine's ARN", () => {
    const saved = process.env.STATE_MACHINE_ARN;
    delete process.env.STATE_MACHINE_ARN;
    try {
      expect(() => new SfnRunStarter()).toThrow("STATE_MACHINE_ARN");
    } finally {
      if (saved !== undefined) process.env.STATE_MACHINE_ARN = saved;
    }
  });
});
