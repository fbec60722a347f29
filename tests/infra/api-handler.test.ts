import { migrateToLatest, openDatabase } from "@crm-reco/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHandler, type HttpApiEvent, handler, listRuns, roleFromClaims } from "../../functions/api";

const event = (routeKey: string, groups?: unknown, query?: Record<string, string>): HttpApiEvent => ({
  routeKey,
  requestContext: groups === undefined ? {} : { authorizer: { jwt: { claims: { sub: "u-1", "cognito:groups": groups } } } },
  queryStringParameters: query,
});

describe("the console API handler (functions/api.ts)", () => {
  it("reads the highest role from the cognito:groups claim, in the forms API Gateway passes it", () => {
    expect(roleFromClaims({ "cognito:groups": "[viewer admin]" })).toBe("admin");
    expect(roleFromClaims({ "cognito:groups": "marketing" })).toBe("marketing");
    expect(roleFromClaims({ "cognito:groups": ["viewer"] })).toBe("viewer");
    expect(roleFromClaims({ "cognito:groups": "[accounting]" })).toBeUndefined();
    expect(roleFromClaims({})).toBeUndefined();
    expect(roleFromClaims(undefined)).toBeUndefined();
  });

  it("answers the health check without a token or a database", async () => {
    const response = await handler(event("GET /api/health"));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: "ok" });
  });

  it("refuses 403 without a console role, 400 on a bad limit, 404 on an unknown route", async () => {
    const listed: number[] = [];
    const api = createApiHandler({ listRuns: async (limit) => (listed.push(limit), []) });
    expect((await api(event("GET /api/runs"))).statusCode).toBe(403);
    expect((await api(event("GET /api/runs", "[accounting]"))).statusCode).toBe(403);
    expect((await api(event("GET /api/runs", "viewer", { limit: "0" }))).statusCode).toBe(400);
    expect((await api(event("GET /api/runs", "viewer", { limit: "abc" }))).statusCode).toBe(400);
    expect((await api(event("DELETE /api/runs", "admin"))).statusCode).toBe(404);
    const ok = await api(event("GET /api/runs", "[viewer]", { limit: "5" }));
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ role: "viewer", runs: [] });
    expect(listed).toEqual([5]);
  });

  describe("listing runs from the database", () => {
    let handle: Awaited<ReturnType<typeof openDatabase>>;
    beforeAll(async () => {
      handle = await openDatabase();
      await migrateToLatest(handle.db);
      const run = (runId: string, startedAt: string, status: "RUNNING" | "SUCCEEDED" | "FAILED") => ({
        run_id: runId,
        drop_key: `${runId}-drop/`,
        status,
        as_of: "2025-06-30",
        config_hash: "abc",
        input_files: JSON.stringify([]),
        started_at: startedAt,
        finished_at: status === "RUNNING" ? null : startedAt,
        failed_stage: status === "FAILED" ? "ingest" : null,
        error_message: null,
        summary: null,
      });
      await handle.db
        .insertInto("runs")
        .values([
          run("r-b", "2025-07-01T08:00:00Z", "SUCCEEDED"),
          run("r-a", "2025-07-01T08:00:00Z", "FAILED"),
          run("r-c", "2025-07-08T08:00:00Z", "RUNNING"),
        ])
        .execute();
    });
    afterAll(async () => handle?.close());

    it("returns the latest runs first, ties by run id, at most limit", async () => {
      const runs = await listRuns(handle, 2);
      expect(runs.map((r) => r.runId)).toEqual(["r-c", "r-a"]);
      expect(runs[1]).toEqual({
        runId: "r-a",
        dropKey: "r-a-drop/",
        status: "FAILED",
        asOf: "2025-06-30",
        startedAt: "2025-07-01T08:00:00.000Z",
        finishedAt: "2025-07-01T08:00:00.000Z",
        failedStage: "ingest",
      });
    });
  });
});
