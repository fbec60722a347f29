import { type ApiGatewayEvent, type ApiDependencies as ConsoleApiDependencies, handleApiGatewayEvent } from "@crm-reco/api";
import { countRecordedReruns, type DatabaseHandle } from "@crm-reco/db";
import { createLogger, getStageContext, recordedRunInput, SfnRunStarter } from "@crm-reco/pipeline";
import { createRemoteJWKSet } from "jose";
import { sql } from "kysely";

/** The console's roles, highest first (Cognito groups, stacks/Console.ts). */
const ROLES = ["admin", "marketing", "viewer"] as const;
export type ConsoleRole = (typeof ROLES)[number];

/** The part of an API Gateway HTTP API (payload 2.0) event this handler reads. */
export interface HttpApiEvent {
  routeKey?: string;
  requestContext?: { http?: { method?: string; path?: string }; authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
  queryStringParameters?: Record<string, string | undefined>;
}

export interface HttpApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface RunListItem {
  runId: string;
  dropKey: string;
  status: string;
  asOf: string | null;
  startedAt: string;
  finishedAt: string | null;
  failedStage: string | null;
}

/** What the routes need from the outside: the run list (a database query in AWS, a stub in tests). */
export interface ApiDependencies {
  listRuns(limit: number): Promise<RunListItem[]>;
}

const MAX_RUNS = 100;
const log = createLogger({ function: "api" });

/**
 * The role of the caller: the highest of its `cognito:groups`. HTTP API JWT authorizers pass a list claim as the text
 * `[admin viewer]`; a single group as `admin`.
 */
export function roleFromClaims(claims: Record<string, unknown> | undefined): ConsoleRole | undefined {
  const raw = claims?.["cognito:groups"];
  const groups = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === "string"
      ? raw
          .replace(/^\[|\]$/g, "")
          .split(/[\s,]+/)
          .filter((group) => group !== "")
      : [];
  return ROLES.find((role) => groups.includes(role));
}

export function createApiHandler(dependencies: ApiDependencies) {
  return async (event: HttpApiEvent): Promise<HttpApiResponse> => {
    const route = event.routeKey ?? `${event.requestContext?.http?.method} ${event.requestContext?.http?.path}`;
    if (route === "GET /api/health") return json(200, { status: "ok" });
    const role = roleFromClaims(event.requestContext?.authorizer?.jwt?.claims);
    if (!role) {
      log.warn("api_forbidden", { route });
      return json(403, { error: "forbidden", message: "no console role (admin, marketing or viewer) in the token" });
    }
    if (route === "GET /api/runs") {
      const limit = parseLimit(event.queryStringParameters?.limit);
      if (limit === undefined) return json(400, { error: "bad_request", message: `limit must be an integer from 1 to ${MAX_RUNS}` });
      const runs = await dependencies.listRuns(limit);
      log.info("api_runs_listed", { role, count: runs.length });
      return json(200, { role, runs });
    }
    return json(404, { error: "not_found", route });
  };
}

function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return 20;
  const limit = Number(text);
  return Number.isInteger(limit) && limit >= 1 && limit <= MAX_RUNS ? limit : undefined;
}

function json(statusCode: number, body: unknown): HttpApiResponse {
  return { statusCode, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(body) };
}

/** Latest runs first; ties by run id (code-point order). */
export async function listRuns(handle: DatabaseHandle, limit: number): Promise<RunListItem[]> {
  const rows = await handle.db
    .selectFrom("runs")
    .select(["run_id", "drop_key", "status", "as_of", "started_at", "finished_at", "failed_stage"])
    .orderBy("started_at", "desc")
    .orderBy(sql`run_id COLLATE "C"`)
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    runId: row.run_id,
    dropKey: row.drop_key,
    status: row.status,
    asOf: row.as_of,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
    failedStage: row.failed_stage,
  }));
}

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
let starter: SfnRunStarter | undefined;

/**
 * A re-run in AWS: the run's recorded input started again as an execution of the same run id, named
 * `<runId>-rerun-<n>` (n = re-runs recorded so far + 1) because the first execution's name stays taken for 90 days.
 */
export async function startRerun(
  handle: DatabaseHandle,
  runStarter: Pick<SfnRunStarter, "start">,
  runId: string,
): Promise<{ runId: string; started: boolean }> {
  const input = await recordedRunInput(handle, runId);
  return runStarter.start(input, { rerun: (await countRecordedReruns(handle, runId)) + 1 });
}

/** The console API app (`@crm-reco/api`) with Cognito bearer tokens, verified against the user pool's keys. */
const apiDependencies: ConsoleApiDependencies = {
  context: () => getStageContext(),
  get jwt() {
    const poolId = process.env.COGNITO_USER_POOL_ID;
    const clientId = process.env.COGNITO_CLIENT_ID;
    if (!poolId || !clientId) return undefined;
    const issuer = `https://cognito-idp.${process.env.AWS_REGION ?? "eu-west-3"}.amazonaws.com/${poolId}`;
    jwks ??= createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    return { keys: jwks, issuer, clientId };
  },
  rerun: async (runId) => {
    starter ??= new SfnRunStarter();
    return startRerun((await getStageContext()).handle, starter, runId);
  },
  now: () => new Date(),
};

export const handler = async (event: HttpApiEvent & ApiGatewayEvent) => {
  const [method, path] = (event.routeKey ?? "").split(" ");
  const withPath: ApiGatewayEvent = {
    ...event,
    rawPath: event.rawPath ?? event.requestContext?.http?.path ?? path,
    requestContext: {
      ...event.requestContext,
      http: { ...event.requestContext?.http, method: event.requestContext?.http?.method ?? method },
    },
  };
  return handleApiGatewayEvent(withPath, apiDependencies);
};
