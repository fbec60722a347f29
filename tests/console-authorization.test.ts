import {
  API_ROUTES,
  type ApiDependencies,
  type ApiRequest,
  CONSOLE_ROLES,
  handleApiRequest,
  hashPassword,
  LoginRateLimiter,
  roleAllows,
} from "@crm-reco/api";
import { defaultConfigDir } from "@crm-reco/cli";
import { type DatabaseHandle, migrateToLatest, openDatabase, upsertConsoleUser } from "@crm-reco/db";
import { createS3Client, loadConfigDir } from "@crm-reco/pipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PASSWORD = "correct horse battery";
let handle: DatabaseHandle;
let deps: ApiDependencies;
const sessions: Record<string, { cookie: string; csrf: string }> = {};

function request(method: string, path: string, headers: Record<string, string> = {}, body: unknown = {}): ApiRequest {
  return { method, path, query: {}, headers, body: method === "GET" ? null : JSON.stringify(body), sourceIp: "127.0.0.1" };
}

/** `/api/runs/:id` → `/api/runs/unknown-id`: a role that passes the check gets past auth (404/400/409), never 401/403. */
const concrete = (pattern: string) => pattern.replace(/:[a-z]+/g, "unknown-id");

beforeAll(async () => {
  handle = await openDatabase();
  await migrateToLatest(handle.db);
  const { config } = loadConfigDir(defaultConfigDir());
  deps = {
    context: async () => ({ handle, config, s3: createS3Client("http://127.0.0.1:9"), buckets: { inbox: "inbox", exports: "exports" } }),
    sessions: { key: Buffer.from("test-session-key"), limiter: new LoginRateLimiter(), secureCookies: false },
    // Read-only: nothing the matrix sends may write to the repository's config.
    configDir: { path: defaultConfigDir(), readOnly: true },
    now: () => new Date(),
  };
  const hash = await hashPassword(PASSWORD);
  for (const role of CONSOLE_ROLES) {
    await upsertConsoleUser(handle, { email: `${role}@example.test`, role, passwordHash: hash });
    const response = await handleApiRequest(request("POST", "/api/login", {}, { email: `${role}@example.test`, password: PASSWORD }), deps);
    expect(response.status).toBe(200);
    const cookies = Object.fromEntries((response.cookies ?? []).map((c) => c.split(";")[0]!.split("=") as [string, string]));
    expect(response.cookies?.[0]).toMatch(/HttpOnly; Path=\/; SameSite=Strict/);
    sessions[role] = { cookie: `crm_session=${cookies.crm_session}`, csrf: cookies.crm_csrf! };
  }
});
afterAll(async () => handle?.close());

describe("console API authorization matrix (every route × every role × no session)", () => {
  const cases = API_ROUTES.flatMap((route) => [{ route, role: "none" as const }, ...CONSOLE_ROLES.map((role) => ({ route, role }))]);
  it.each(cases)("$route.method $route.pattern as $role", async ({ route, role }) => {
    const path = concrete(route.pattern);
    if (role === "none") {
      expect((await handleApiRequest(request(route.method, path), deps)).status).toBe(401);
      return;
    }
    const session = sessions[role]!;
    const response = await handleApiRequest(request(route.method, path, { cookie: session.cookie, "x-csrf-token": session.csrf }), deps);
    if (roleAllows(role, route.role)) expect([401, 403]).not.toContain(response.status);
    else expect(response.status).toBe(403);
  });

  it.each(API_ROUTES.filter((route) => route.method !== "GET"))(
    "$method $pattern refuses a session without its CSRF token",
    async (route) => {
      const admin = sessions.admin!;
      const path = concrete(route.pattern);
      expect((await handleApiRequest(request(route.method, path, { cookie: admin.cookie }), deps)).status).toBe(403);
      const otherToken = sessions.marketing!.csrf;
      expect((await handleApiRequest(request(route.method, path, { cookie: admin.cookie, "x-csrf-token": otherToken }), deps)).status).toBe(
        403,
      );
    },
  );

  it("refuses a forged cookie, a wrong password, and rate-limits repeated failures", async () => {
    const forged = `crm_session=${Buffer.from(JSON.stringify({ email: "x", role: "admin", exp: 9e9 })).toString("base64url")}.AAAA`;
    expect((await handleApiRequest(request("GET", "/api/runs", { cookie: forged }), deps)).status).toBe(401);
    const wrong = () =>
      handleApiRequest(request("POST", "/api/login", {}, { email: "viewer@example.test", password: "nope" }), {
        ...deps,
        sessions: { ...deps.sessions!, limiter },
      });
    const limiter = new LoginRateLimiter(3);
    for (let i = 0; i < 3; i++) expect((await wrong()).status).toBe(401);
    expect((await wrong()).status).toBe(429);
  });

  it("keeps every mutating route at marketing or above and the users list admin-only", () => {
    for (const route of API_ROUTES.filter((r) => r.method !== "GET")) expect(route.role).not.toBe("viewer");
    expect(API_ROUTES.find((r) => r.pattern === "/api/users")?.role).toBe("admin");
    const adminOnly = [
      "/api/customers/:code/erase",
      "/api/config",
      "/api/config/versions",
      "/api/config/:file",
      "/api/runs/:id/rerun",
      "/api/users/:email/disable",
    ];
    for (const pattern of adminOnly) expect(API_ROUTES.filter((r) => r.pattern === pattern).map((r) => r.role)).toEqual(["admin"]);
  });
});
