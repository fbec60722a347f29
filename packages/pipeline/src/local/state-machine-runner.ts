import { type RunOptions, StateMachine } from "aws-local-stepfunctions";
import definitionDocument from "../definition/state-machine.asl.json";

/** A Task resource in the ASL is a placeholder such as `${IngestFunctionArn}`, substituted with ARNs in AWS. */
type Execution = ReturnType<StateMachine["run"]>;
export type ExecutionEvent = Execution["eventLogs"] extends AsyncGenerator<infer E> ? E : never;
type LocalHandlers = NonNullable<NonNullable<RunOptions["overrides"]>["taskResourceLocalHandlers"]>;
type JSONValue = Parameters<StateMachine["run"]>[0];

export type TaskHandlers = Record<string, (input: unknown) => Promise<unknown>>;

export interface DefinitionSettings {
  recommendMaxConcurrency: number;
}

type StateDefinition = {
  Type: string;
  Resource?: string;
  MaxConcurrency?: number;
  ItemProcessor?: { States: Record<string, StateDefinition> };
};
type Definition = { States: Record<string, StateDefinition> } & Record<string, unknown>;

/**
 * The one state machine document with its settings applied (the stack does the same before
 * substituting ARNs): the local runner and Step Functions execute the same definition.
 */
export function renderDefinition(settings: DefinitionSettings): Definition {
  const definition = structuredClone(definitionDocument) as unknown as Definition;
  const recommend = definition.States.Recommend;
  if (!recommend) throw new Error("state machine definition has no Recommend state");
  recommend.MaxConcurrency = settings.recommendMaxConcurrency;
  return definition;
}

/** Placeholder names (`IngestFunctionArn` …) of every Task resource, Map item processors included. */
export function taskResourceNames(definition: Definition): string[] {
  return [...collectTasks(definition.States).values()].filter((name, index, all) => all.indexOf(name) === index).sort();
}

function collectTasks(states: Record<string, StateDefinition>, found = new Map<string, string>()): Map<string, string> {
  for (const [stateName, state] of Object.entries(states)) {
    if (state.Type === "Task" && state.Resource) {
      const placeholder = /^\$\{(\w+)\}$/.exec(state.Resource)?.[1];
      if (!placeholder) throw new Error(`Task ${stateName} has a resource that is not a \${…} placeholder`);
      found.set(stateName, placeholder);
    }
    if (state.ItemProcessor) collectTasks(state.ItemProcessor.States, found);
  }
  return found;
}

export interface ExecutionOptions {
  /** Overrides the wait of every Retry (milliseconds): tests keep retries fast. */
  retryIntervalMs?: number;
  onEvent?: (event: ExecutionEvent) => void;
}

export interface ExecutionResult {
  status: "SUCCEEDED" | "FAILED";
  output?: unknown;
  error?: string;
}

/** Executes the ASL with aws-local-stepfunctions, each Task state running its real handler in-process. */
export async function executeLocally(
  definition: Definition,
  handlers: TaskHandlers,
  input: unknown,
  options: ExecutionOptions = {},
): Promise<ExecutionResult> {
  ensurePromiseWithResolvers();
  const tasks = collectTasks(definition.States);
  const taskResourceLocalHandlers: LocalHandlers = {};
  const retryIntervalOverrides: Record<string, number> = {};
  for (const [stateName, placeholder] of tasks) {
    const handler = handlers[placeholder];
    if (!handler) throw new Error(`no handler for ${placeholder} (state ${stateName})`);
    taskResourceLocalHandlers[stateName] = async (taskInput) => (await handler(taskInput)) as JSONValue;
    if (options.retryIntervalMs !== undefined) retryIntervalOverrides[stateName] = options.retryIntervalMs;
  }
  if (options.retryIntervalMs !== undefined) retryIntervalOverrides.Recommend = options.retryIntervalMs;
  // As in AWS, the placeholders become Lambda ARNs before the definition is used (they are never called here:
  // every Task is overridden by its in-process handler).
  const substituted = JSON.parse(
    JSON.stringify(definition).replace(
      /\$\{(\w+)\}/g,
      (_, name: string) => `arn:aws:lambda:eu-west-3:000000000000:function:crm-reco-local-${name}`,
    ),
  );
  const machine = new StateMachine(substituted, { validationOptions: { checkArn: true, checkPaths: true } });
  const execution = machine.run(input as JSONValue, { overrides: { taskResourceLocalHandlers, retryIntervalOverrides } });
  const events = (async () => {
    for await (const event of execution.eventLogs) options.onEvent?.(event);
  })();
  try {
    const output = await execution.result;
    await events;
    return { status: "SUCCEEDED", output };
  } catch (error) {
    await events.catch(() => {});
    return { status: "FAILED", error: error instanceof Error ? error.message : String(error) };
  }
}

/** aws-local-stepfunctions uses Promise.withResolvers (Node ≥ 22); keep Node 20 working too (TOOLCHAIN). */
function ensurePromiseWithResolvers(): void {
  const promise = Promise as unknown as { withResolvers?: unknown };
  if (promise.withResolvers) return;
  promise.withResolvers = <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const created = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise: created, resolve, reject };
  };
}
