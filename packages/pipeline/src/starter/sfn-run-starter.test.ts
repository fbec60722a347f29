import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { SfnRunStarter } from "./sfn-run-starter";

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
