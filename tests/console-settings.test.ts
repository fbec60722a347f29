import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type ApiDependencies, type ApiRequest, handleApiRequest, hashPassword, LoginRateLimiter } from "@crm-reco/api";
import { defaultConfigDir } from "@crm-reco/cli";
import { type ConfigTexts, configHash } from "@crm-reco/core";
import { type DatabaseHandle, upsertConsoleUser } from "@crm-reco/db";
import { dialectsUnderTest } from "@crm-reco/db/testing";
import { createS3Client, loadConfigDir } from "@crm-reco/pipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchDir } from "./local-stack";

/** Settings at the API level: config edits are validated before anything is stored, versions and hashes recorded. */

describe.each(dialectsUnderTest())("console settings: config editing on $name", (dialect) => {
  let handle: DatabaseHandle;
  let deps: ApiDependencies;
  let configDir: string;
  let admin: { cookie: string; csrf: string };

  function call(method: string, path: string, body?: unknown, overrides: Partial<ApiDependencies> = {}) {
    const request: ApiRequest = {
      method,
      path,
      query: {},
      headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf },
      body: body === undefined ? null : JSON.stringify(body),
    };
    return handleApiRequest(request, { ...deps, ...overrides }).then((response) => ({
      status: response.status,
      body: JSON.parse(String(response.body)) as Record<string, unknown>,
    }));
  }

  beforeAll(async () => {
    configDir = join(scratchDir(`console-settings-${dialect.name}`), "config");
    cpSync(defaultConfigDir(), configDir, { recursive: true });
    handle = await dialect.open();
    deps = {
      context: async () => ({
        handle,
        config: loadConfigDir(configDir).config,
        s3: createS3Client("http://127.0.0.1:9"),
        buckets: { inbox: "inbox", exports: "exports" },
      }),
      sessions: { key: Buffer.from("settings-key"), limiter: new LoginRateLimiter(), secureCookies: false },
      configDir: { path: configDir, readOnly: false },
      now: () => new Date("2026-03-01T10:00:00Z"),
    };
    await upsertConsoleUser(handle, { email: "admin@example.test", role: "admin", passwordHash: await hashPassword("pw-admin-123") });
    const login = await handleApiRequest(
      {
        method: "POST",
        path: "/api/login",
        query: {},
        headers: {},
        body: JSON.stringify({ email: "admin@example.test", password: "pw-admin-123" }),
      },
      deps,
    );
    const cookies = Object.fromEntries((login.cookies ?? []).map((c) => c.split(";")[0]!.split("=") as [string, string]));
    admin = { cookie: `crm_session=${cookies.crm_session}`, csrf: cookies.crm_csrf! };
  });
  afterAll(async () => handle?.close());

  it("shows every config file and the hash runs record", async () => {
    const { status, body } = await call("GET", "/api/config");
    expect(status).toBe(200);
    const files = body.files as { name: string; text: string }[];
    expect(files.map((f) => f.name)).toContain("scoring.yaml");
    expect(body.hash).toBe(loadConfigDir(configDir).hash);
    expect(body.readOnly).toBe(false);
  });

  it("rejects invalid YAML and unknown keys with readable problems, and stores nothing", async () => {
    const original = readFileSync(join(configDir, "scoring.yaml"), "utf8");
    const broken = await call("PUT", "/api/config/scoring.yaml", { text: "weights: [unclosed" });
    expect(broken.status).toBe(400);
    expect(broken.body.problems).toEqual([expect.stringMatching(/^scoring\.yaml: not valid YAML/)]);
    const unknown = await call("PUT", "/api/config/scoring.yaml", { text: `${original}\nsurprise_key: 1\n` });
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems).toEqual(['scoring.yaml: (top level): unknown key "surprise_key"']);
    expect(readFileSync(join(configDir, "scoring.yaml"), "utf8")).toBe(original);
    expect((await call("GET", "/api/config/versions")).body.versions).toEqual([]);
    expect((await call("PUT", "/api/config/nope.yaml", { text: "a: 1" })).status).toBe(404);
  });

  it("saves a valid edit as a new version with its hash and author, and writes the file locally", async () => {
    const edited = `${readFileSync(join(configDir, "scoring.yaml"), "utf8")}\n# edited from the console\n`;
    const saved = await call("PUT", "/api/config/scoring.yaml", { text: edited });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, writtenToDisk: true });
    expect(readFileSync(join(configDir, "scoring.yaml"), "utf8")).toBe(edited);
    expect(saved.body.hash).toBe(loadConfigDir(configDir).hash);
    const { versions } = (await call("GET", "/api/config/versions")).body as { versions: Record<string, unknown>[] };
    expect(versions).toEqual([
      {
        version: 1,
        configHash: saved.body.hash,
        fileName: "scoring.yaml",
        author: "admin@example.test",
        savedAt: "2026-03-01T10:00:00.000Z",
        writtenToDisk: true,
      },
    ]);
    const log = (await call("GET", "/api/audit-log")).body.actions as { action: string; target: string }[];
    expect(log.map((a) => [a.action, a.target])).toContainEqual(["CONFIG_SAVE", "scoring.yaml"]);
  });

  it("stores the version in the database only when the config directory is read-only (AWS Lambda)", async () => {
    const before = readFileSync(join(configDir, "scoring.yaml"), "utf8");
    const edited = `${before}# read-only host\n`;
    const readOnly = { configDir: { path: configDir, readOnly: true } };
    const saved = await call("PUT", "/api/config/scoring.yaml", { text: edited }, readOnly);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 2, writtenToDisk: false });
    expect(String(saved.body.message)).toContain("database only");
    expect(readFileSync(join(configDir, "scoring.yaml"), "utf8")).toBe(before);
    // The read-only host shows the stored version, since that is where its edits live.
    const shown = await call("GET", "/api/config", undefined, readOnly);
    expect(shown.body.source).toBe("database");
    const texts = Object.fromEntries((shown.body.files as { name: string; text: string }[]).map((f) => [f.name, f.text]));
    expect(texts["scoring.yaml"]).toBe(edited);
    expect(shown.body.hash).toBe(configHash(texts as ConfigTexts));
  });

  it("lets an admin create a user (hashed password, logged without it) and refuses duplicates and weak passwords", async () => {
    const created = await call("POST", "/api/users", { email: "Paul@Example.test", role: "marketing", password: "long enough pw" });
    expect(created).toEqual({ status: 201, body: { email: "paul@example.test", role: "marketing" } });
    expect((await call("POST", "/api/users", { email: "paul@example.test", role: "viewer", password: "long enough pw" })).status).toBe(409);
    expect((await call("POST", "/api/users", { email: "x@example.test", role: "viewer", password: "short" })).status).toBe(400);
    expect((await call("POST", "/api/users", { email: "x@example.test", role: "owner", password: "long enough pw" })).status).toBe(400);
    const login = await handleApiRequest(
      {
        method: "POST",
        path: "/api/login",
        query: {},
        headers: {},
        body: JSON.stringify({ email: "paul@example.test", password: "long enough pw" }),
      },
      deps,
    );
    expect(login.status).toBe(200);
    const log = JSON.stringify((await call("GET", "/api/audit-log")).body);
    expect(log).toContain("USER_CREATE");
    expect(log).not.toContain("long enough pw");
  });

  it("lets an admin disable a user: login refused, existing sessions rejected, never themself", async () => {
    const login = (email: string, password: string) =>
      handleApiRequest({ method: "POST", path: "/api/login", query: {}, headers: {}, body: JSON.stringify({ email, password }) }, deps);
    await upsertConsoleUser(handle, { email: "vera@example.test", role: "viewer", passwordHash: await hashPassword("vera long pw") });
    const signedIn = await login("vera@example.test", "vera long pw");
    expect(signedIn.status).toBe(200);
    const session = (signedIn.cookies ?? []).find((c) => c.startsWith("crm_session="))!.split(";")[0]!;
    const asVera = () => handleApiRequest({ method: "GET", path: "/api/me", query: {}, headers: { cookie: session }, body: null }, deps);
    expect((await asVera()).status).toBe(200);

    const disabled = await call("POST", "/api/users/vera%40example.test/disable", {});
    expect(disabled).toEqual({ status: 200, body: { email: "vera@example.test", disabledAt: "2026-03-01T10:00:00.000Z" } });
    expect((await asVera()).status).toBe(401);
    expect((await login("vera@example.test", "vera long pw")).status).toBe(403);
    expect((await login("vera@example.test", "wrong password")).status).toBe(401);
    const users = (await call("GET", "/api/users")).body.users as { email: string; disabledAt: string | null }[];
    expect(users.find((u) => u.email === "vera@example.test")?.disabledAt).toBe("2026-03-01T10:00:00.000Z");
    expect(users.find((u) => u.email === "admin@example.test")?.disabledAt).toBeNull();

    expect((await call("POST", "/api/users/admin%40example.test/disable", {})).status).toBe(409);
    expect((await call("POST", "/api/users/nobody%40example.test/disable", {})).status).toBe(404);
    expect((await call("GET", "/api/config")).status).toBe(200);
    const log = (await call("GET", "/api/audit-log")).body.actions as { action: string; target: string }[];
    expect(log.map((a) => [a.action, a.target])).toContainEqual(["USER_DISABLE", "vera@example.test"]);
  });

  it("refuses to re-run a run that does not exist", async () => {
    expect((await call("POST", "/api/runs/no-such-run/rerun", {})).status).toBe(404);
  });
});
