import { join } from "node:path";
import { defaultConfigDir } from "@crm-reco/cli";
import { replaceOutcomes } from "@crm-reco/db";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchConsoleBrowser } from "../packages/cli/src/commands/screenshots";
import { type DemoConsole, startDemoConsole } from "../packages/cli/src/console-stack";
import { migratedDatabase } from "../packages/cli/src/local-run";
import { scratchDir } from "./local-stack";

/**
 * The console in Debian's Chromium against the local server on a small generated winery: one stack and one browser
 * for the whole file; each role signs in through the login form.
 */

let demo: DemoConsole;
let browser: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const dir = scratchDir("console-browser");
  demo = await startDemoConsole({
    home: join(dir, "home"),
    configDir: defaultConfigDir(),
    customers: 150,
    seed: "console-browser",
    password: "correct horse battery",
  });
  browser = await launchConsoleBrowser(join(dir, "chromium"));
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    // The one expected error: the 401 of /api/me before signing in.
    if (message.type() === "error" && !message.text().includes("401")) pageErrors.push(message.text());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

/** Goes to a console page and waits until the page says it is drawn (`main[data-ready]` = its hash). */
async function open(hash: string): Promise<void> {
  await page.goto(`${demo.url}/${hash}`);
  await page.locator(`main[data-ready="${hash}"]`).waitFor();
  await expect.poll(() => page.getByTestId("page-error").count()).toBe(0);
}

async function signIn(role: keyof DemoConsole["users"]): Promise<void> {
  await browser.clearCookies();
  await page.goto(`${demo.url}/?signin=${role}`);
  await page.locator('input[name="email"]').fill(demo.users[role]);
  await page.locator('input[name="password"]').fill(demo.password);
  await page.locator('button[type="submit"]').click();
  await page.locator('main[data-ready="#/runs"]').waitFor();
  expect(await page.locator("#who").getAttribute("data-role")).toBe(role);
}

async function csrf(): Promise<string> {
  return (await browser.cookies(demo.url)).find((cookie) => cookie.name === "crm_csrf")?.value ?? "";
}

/** `campaign.csv`'s line for a customer (EXT_ID is the first column), undefined when not in the file. */
function campaignLine(csv: string, clientCode: string): string | undefined {
  return csv.split(/\r?\n/).find((line) => line.startsWith(`${clientCode};`));
}

/** Sum of a chart's bars, read from the live chart.js instance behind the canvas. */
async function chartTotal(testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((canvas) => {
    const chart = (
      globalThis as unknown as { Chart: { getChart(c: unknown): { data: { datasets: { data: number[] }[] } } } }
    ).Chart.getChart(canvas);
    return chart.data.datasets[0]!.data.reduce((sum, n) => sum + n, 0);
  });
}

describe("the review console in Chromium", () => {
  it("shows a viewer every page, without review controls, and the API refuses its review actions", async () => {
    await signIn("viewer");
    await expect.poll(() => page.getByTestId("runs-table").innerText()).toContain(demo.runId);
    await expect.poll(() => page.getByTestId("runs-table").innerText()).toContain("SUCCEEDED");

    await page.getByRole("link", { name: demo.runId }).click();
    await page.locator(`main[data-ready="#/runs/${demo.runId}"]`).waitFor();
    const run = (await (await page.request.get(`${demo.url}/api/runs/${demo.runId}`)).json()) as {
      scenarios: Record<string, number>;
      files: { name: string }[];
    };
    const customers = Object.values(run.scenarios).reduce((sum, n) => sum + n, 0);
    expect(customers).toBe(150);
    expect(await chartTotal("scenario-chart")).toBe(customers);
    expect(await chartTotal("score-histogram")).toBe(customers);
    await expect.poll(() => page.getByTestId("files-table").innerText()).toContain("campaign.csv");
    await expect.poll(() => page.getByTestId("flags-table").locator("tr").count()).toBeGreaterThan(1);

    await open(`#/review/${demo.runId}`);
    await page.getByTestId("read-only").waitFor();
    await expect.poll(() => page.getByTestId("spot-check-table").locator("tr").count()).toBe(21);
    await expect.poll(() => page.locator('[data-testid^="ok-"], [data-testid^="block-"], [data-testid="approve"]').count()).toBe(0);

    const code = (await page.getByTestId("spot-check-table").locator("tr").nth(1).locator("a").textContent())!;
    await page.getByTestId("spot-check-table").getByRole("link", { name: code }).click();
    await page.locator(`main[data-ready="#/customers/${code}?run=${demo.runId}"]`).waitFor();
    await expect.poll(() => page.getByTestId("recos-table").innerText()).toContain("✓");
    await expect.poll(() => page.getByTestId("history-table").locator("tr").count()).toBeGreaterThan(1);

    await open("#/customers");
    await page.getByTestId("customer-search").fill(code);
    await page.getByTestId("customer-search").press("Enter");
    await page.locator(`main[data-ready="#/customers?q=${code}"]`).waitFor();
    await expect.poll(() => page.getByTestId("customers-table").locator("tr").count()).toBe(2);
    await expect.poll(() => page.getByTestId("customers-table").innerText()).toContain(code);
    await open("#/outbox");
    await expect.poll(() => page.getByTestId("outbox").locator("details").count()).toBeGreaterThan(0);
    await open("#/audit-log");
    await page.getByTestId("audit-log-table").waitFor();

    // The same requests the buttons would send, with the session's CSRF token: the role is what refuses them.
    const headers = { "x-csrf-token": await csrf(), "content-type": "application/json" };
    const base = `${demo.url}/api/runs/${demo.runId}`;
    const refused = [
      await page.request.post(`${base}/spot-check/${code}`, { headers, data: { verdict: "OK" } }),
      await page.request.post(`${base}/block`, { headers, data: { clientCode: code } }),
      await page.request.post(`${base}/approve`, { headers, data: {} }),
      await page.request.get(`${demo.url}/api/users`),
    ];
    expect(refused.map((response) => response.status())).toEqual([403, 403, 403, 403]);
  });

  it("lets an admin re-run the run: the same input gives the same campaign file", async () => {
    await signIn("admin");
    const campaign = () => page.request.get(`${demo.url}/api/runs/${demo.runId}/files/campaign.csv`).then((r) => r.text());
    const before = await campaign();
    await open(`#/runs/${demo.runId}`);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByTestId("rerun").click();
    await expect.poll(() => page.getByTestId("rerun-status").innerText()).toContain(demo.runId);
    await demo.reruns.idle();
    const run = (await (await page.request.get(`${demo.url}/api/runs/${demo.runId}`)).json()) as { status: string };
    expect(run.status).toBe("SUCCEEDED");
    expect(await campaign()).toBe(before);
    const log = JSON.stringify(await (await page.request.get(`${demo.url}/api/audit-log`)).json());
    expect(log).toContain("RERUN");
  });

  it("lets marketing spot-check, block a recommendation (campaign v2 changes) and approve", async () => {
    await signIn("marketing");
    await open(`#/review/${demo.runId}`);
    const rows = page.getByTestId("spot-check-table").locator("tr");
    const first = (await rows.nth(1).locator("a").textContent())!;
    const second = (await rows.nth(2).locator("a").textContent())!;

    await page.getByTestId(`comment-${first}`).fill("cohérent avec ses achats");
    await page.getByTestId(`ok-${first}`).click();
    await expect.poll(() => page.getByTestId(`verdict-${first}`).innerText()).toBe("OK");
    await page.getByTestId(`wrong-${second}`).click();
    await expect.poll(() => page.getByTestId(`verdict-${second}`).innerText()).toBe("FEELS_WRONG");

    const blockButton = rows.nth(2).locator(`[data-testid^="block-${second}-"]`).first();
    const article = (await blockButton.getAttribute("data-testid"))!.slice(`block-${second}-`.length);
    await blockButton.click();
    await expect.poll(() => page.getByTestId("latest-version").innerText()).toContain("v2");
    await expect.poll(() => page.getByTestId("review-status").innerText()).toContain("v2");

    const file = (name: string) => page.request.get(`${demo.url}/api/runs/${demo.runId}/files/${name}`).then((r) => r.text());
    const [v1, v2] = [await file("campaign.csv"), await file("campaign.v2.csv")];
    const before = campaignLine(v1, second);
    const after = campaignLine(v2, second);
    expect(before).toContain(`;${article};`);
    expect(after).not.toEqual(before);
    expect(after ?? "").not.toContain(`;${article};`);
    // Everyone else's line is unchanged.
    expect(v2.split(/\r?\n/).filter((line) => !line.startsWith(`${second};`))).toEqual(
      v1.split(/\r?\n/).filter((line) => !line.startsWith(`${second};`)),
    );

    await page.getByTestId("approve").click();
    await expect.poll(() => page.getByTestId("approved").innerText()).toContain("v2");
    await expect.poll(() => page.locator('[data-testid^="block-"], [data-testid="approve"]').count()).toBe(0);

    await open("#/audit-log");
    const log = page.getByTestId("audit-log-table");
    for (const action of ["SPOT_CHECK", "BLOCK_RECOMMENDATION", "APPROVE"]) await expect.poll(() => log.innerText()).toContain(action);
    await expect.poll(() => log.innerText()).toContain(`${second}/${article}`);
    await expect.poll(() => log.innerText()).toContain(demo.users.marketing);
  });

  it("lets an admin list users and see the approved run, in English too", async () => {
    await signIn("admin");
    expect((await page.request.get(`${demo.url}/api/users`)).status()).toBe(200);
    await open(`#/review/${demo.runId}`);
    await page.getByTestId("approved").waitFor();
    await page.locator("#lang").selectOption("en");
    await page.locator(`main[data-ready="#/review/${demo.runId}"]`).waitFor();
    await expect.poll(() => page.locator("h1").innerText()).toContain("Review");
    await page.locator("#lang").selectOption("fr");
    const rerun = await page.request.post(`${demo.url}/api/runs/${demo.runId}/rerun`, {
      headers: { "x-csrf-token": await csrf(), "content-type": "application/json" },
      data: {},
    });
    expect(rerun.status()).toBe(409);
    expect(pageErrors).toEqual([]);
  });

  it("shows an admin the config hash, outcomes (empty, then with intervals) and refuses an invalid config edit", async () => {
    await signIn("admin");
    const run = (await (await page.request.get(`${demo.url}/api/runs/${demo.runId}`)).json()) as { configHash: string; asOf: string };
    await open(`#/runs/${demo.runId}`);
    await expect.poll(() => page.getByTestId("config-hash").innerText()).toBe(run.configHash);

    await open("#/outcomes");
    await page.getByTestId("outcomes-empty").waitFor();
    // One measured row (the demo has a single run, so it measures itself here): the chart draws [low, high] and the point.
    const row = {
      evaluatedRunId: demo.runId,
      exportDate: run.asOf,
      windowEnd: run.asOf,
      windowDays: 60,
      windowComplete: true,
      scenario: "ALL",
      metric: "REACTIVATION" as const,
      treatedCustomers: 120,
      holdoutCustomers: 12,
      treatedEvents: 30,
      holdoutEvents: 2,
      treatedValue: "0.250000",
      holdoutValue: "0.166667",
      uplift: "0.083333",
      ciLow: "-0.130000",
      ciHigh: "0.296000",
      verdict: "INCONCLUSIVE" as const,
      neededPerGroup: 420,
    };
    await replaceOutcomes(await migratedDatabase(), demo.runId, [row]);
    // Same hash: reload so the page is drawn again.
    await page.reload();
    await page.locator('main[data-ready="#/outcomes"]').waitFor();
    const datasets = await page.getByTestId("uplift-REACTIVATION").evaluate((canvas) => {
      const chart = (
        globalThis as unknown as { Chart: { getChart(c: unknown): { data: { datasets: { data: unknown[] }[] } } } }
      ).Chart.getChart(canvas);
      return chart.data.datasets.map((dataset) => dataset.data);
    });
    expect(datasets).toEqual([[[-13, 29.6]], [8.3333]]);
    await expect.poll(() => page.getByTestId("outcomes-table").innerText()).toContain("420");
    await replaceOutcomes(await migratedDatabase(), demo.runId, []);

    const before = (await (await page.request.get(`${demo.url}/api/config`)).json()) as { hash: string };
    await open("#/settings?file=scoring.yaml");
    await page.getByTestId("config-text").fill("selection: [unclosed");
    const errorsBefore = pageErrors.length;
    await page.getByTestId("config-save").click();
    await expect.poll(() => page.getByTestId("config-problems").innerText()).toContain("scoring.yaml: not valid YAML");
    // The browser reports the expected 400 as a console error: keep every other one.
    pageErrors.push(...pageErrors.splice(errorsBefore).filter((message) => !message.includes("status of 400")));
    expect(((await (await page.request.get(`${demo.url}/api/config`)).json()) as { hash: string }).hash).toBe(before.hash);
    expect((await (await page.request.get(`${demo.url}/api/config/versions`)).json()).versions).toEqual([]);
    await expect.poll(() => page.getByTestId("users-table").innerText()).toContain(demo.users.viewer);
    expect(pageErrors).toEqual([]);
  });

  it("lets an admin erase a customer: gone from the search and from every export file, logged without personal data", async () => {
    const { customers } = (await (await page.request.get(`${demo.url}/api/runs/${demo.runId}/spot-check`)).json()) as {
      customers: { clientCode: string }[];
    };
    const code = customers[0]!.clientCode;
    const person = (await (await page.request.get(`${demo.url}/api/customers/${code}`)).json()) as {
      customer: { nom: string | null; prenom: string | null; email: string | null };
    };
    const { nom, prenom, email } = person.customer;
    expect(email).toBeTruthy();
    await open(`#/customers/${code}`);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByTestId("erase-customer").click();
    await page.getByTestId("erased").waitFor();

    const search = async (q: string) =>
      (
        (await (await page.request.get(`${demo.url}/api/customers?q=${encodeURIComponent(q)}`)).json()) as {
          customers: { clientCode: string; nom: string | null; prenom: string | null; email: string | null }[];
        }
      ).customers;
    expect(await search(email!)).toEqual([]);
    expect(await search(code)).toEqual([]);
    expect((await search(nom ?? "")).filter((c) => c.nom === nom && c.prenom === prenom)).toEqual([]);
    const files = ((await (await page.request.get(`${demo.url}/api/runs/${demo.runId}`)).json()) as { files: { name: string }[] }).files;
    for (const file of files) {
      const text = await (await page.request.get(`${demo.url}/api/runs/${demo.runId}/files/${file.name}`)).text();
      expect(text.toLowerCase()).not.toContain(email!.toLowerCase());
      expect(
        text.split(/\r?\n/).filter((line) => line.includes(`${code};`) || (nom && prenom && line.includes(nom) && line.includes(prenom))),
      ).toEqual([]);
    }
    const log = JSON.stringify(await (await page.request.get(`${demo.url}/api/audit-log`)).json());
    expect(log).toContain("ERASE_CUSTOMER");
    expect(log.toLowerCase()).not.toContain(email!.toLowerCase());
    expect(pageErrors).toEqual([]);
  });
});
