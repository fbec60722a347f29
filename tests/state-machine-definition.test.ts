import { taskHandlers } from "@crm-reco/functions";
import { renderDefinition, taskResourceNames } from "@crm-reco/pipeline";
// @ts-expect-error asl-validator ships no types
import aslValidator from "asl-validator";
import { describe, expect, it } from "vitest";

describe("the state machine definition", () => {
  const definition = renderDefinition({ recommendMaxConcurrency: 7 });

  it("is valid ASL (JSONPath only) once the Task placeholders are substituted with ARNs", () => {
    const substituted = JSON.parse(
      JSON.stringify(definition).replace(
        /\$\{(\w+)FunctionArn\}/g,
        (_, name: string) => `arn:aws:lambda:eu-west-3:123456789012:function:${name}`,
      ),
    );
    const { isValid, errorsText } = aslValidator(substituted, { checkPaths: true, checkArn: true });
    expect(errorsText?.("\n") ?? "").toBe("");
    expect(isValid).toBe(true);
    expect(JSON.stringify(definition)).not.toContain("JSONata");
  });

  it("applies the configured Map concurrency", () => {
    expect((definition.States.Recommend as { MaxConcurrency?: number }).MaxConcurrency).toBe(7);
  });

  it("has a handler in functions/ for every Task resource, and no handler without a Task", () => {
    expect(taskResourceNames(definition)).toEqual(Object.keys(taskHandlers).sort());
  });

  it("runs the stages in the documented order, then notifies", () => {
    const order: string[] = [];
    let state: string | undefined = definition.StartAt as string;
    while (state) {
      order.push(state);
      state = (definition.States[state] as { Next?: string }).Next;
    }
    expect(order).toEqual(["Ingest", "Features", "Scenarios", "Recommend", "Audit", "Export", "Notify"]);
  });

  it("retries transient errors and catches every stage failure into MarkRunFailed → NotifyFailure → Fail", () => {
    type Guarded = { Catch?: Array<{ ErrorEquals: string[]; Next: string }>; Retry?: Array<{ ErrorEquals: string[] }> };
    const states = definition.States as Record<string, Guarded & { ItemProcessor?: { States: Record<string, Guarded> } }>;
    for (const name of ["Ingest", "Features", "Scenarios", "Recommend", "Audit", "Export"]) {
      expect(states[name]?.Catch?.[0]).toMatchObject({ ErrorEquals: ["States.ALL"], Next: "MarkRunFailed" });
      const retried = name === "Recommend" ? states.Recommend?.ItemProcessor?.States.RecommendShard : states[name];
      expect(retried?.Retry?.[0]?.ErrorEquals).toContain("TransientError");
    }
    expect((definition.States.MarkRunFailed as { Next?: string }).Next).toBe("NotifyFailure");
    expect((definition.States.NotifyFailure as { Next?: string }).Next).toBe("RunFailed");
    expect(definition.States.RunFailed).toMatchObject({ Type: "Fail" });
  });
});
