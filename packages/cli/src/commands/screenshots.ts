import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import type { CliCommand } from "../command";
import { startDemoConsole } from "../console-stack";
import { repositoryRoot } from "../paths";

/** Headless Chromium flags for a shared machine: no background traffic, no sandbox (containers), no GPU. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

/** Debian's Chromium (`CHROMIUM_PATH` to use another) with a fresh profile in `profileDir`. */
export function launchConsoleBrowser(profileDir: string, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale: "fr-FR",
  });
}

export const screenshotsCommand: CliCommand = {
  name: "screenshots",
  usage: "screenshots [--out docs/img] [--customers 300]",
  description:
    "build a demo run in a scratch home, serve the console, sign in as marketing and write PNGs of its main pages (runs, run-detail, review, customer)",
  options: { out: { type: "string" }, customers: { type: "string" } },
  async run({ values, configDir, databaseUrl }) {
    const out = resolve((values.out as string | undefined) ?? join(repositoryRoot, "docs", "img"));
    mkdirSync(out, { recursive: true });
    const scratch = mkdtempSync(join(tmpdir(), "crm-reco-screenshots-"));
    try {
      console.log("Building a demo run in a scratch home…");
      const demo = await startDemoConsole({
        home: join(scratch, "home"),
        configDir,
        databaseUrl,
        customers: values.customers === undefined ? 300 : Number(values.customers),
        seed: "screenshots",
        password: "screenshots only",
      });
      const browser = await launchConsoleBrowser(join(scratch, "chromium"));
      try {
        const page = browser.pages()[0] ?? (await browser.newPage());
        const show = async (hash: string) => {
          await page.goto(`${demo.url}/${hash}`);
          await page.locator(`main[data-ready="${hash}"]`).waitFor();
          if ((await page.getByTestId("page-error").count()) > 0)
            throw new Error(`${hash}: ${await page.getByTestId("page-error").innerText()}`);
        };
        const shoot = async (name: string) => {
          await page.screenshot({ path: join(out, name) });
          console.log(`  ${join(out, name)}`);
        };
        await page.goto(demo.url);
        await page.locator('input[name="email"]').fill(demo.users.marketing);
        await page.locator('input[name="password"]').fill(demo.password);
        await page.locator('button[type="submit"]').click();
        await page.locator('main[data-ready="#/runs"]').waitFor();
        await shoot("runs.png");
        await show(`#/runs/${demo.runId}`);
        await shoot("run-detail.png");
        await show(`#/review/${demo.runId}`);
        const code = await page.getByTestId("spot-check-table").locator("tr").nth(1).locator("a").innerText();
        await page.getByTestId(`ok-${code}`).click();
        await page.getByTestId(`verdict-${code}`).filter({ hasText: "OK" }).waitFor();
        await shoot("review.png");
        await show(`#/customers/${code}?run=${demo.runId}`);
        await shoot("customer.png");
      } finally {
        await browser.close();
        await demo.close();
      }
      return 0;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
