import { startConsoleServer } from "@crm-reco/api";
import type { CliCommand } from "../command";
import { startConsoleDependencies } from "../console-stack";

export const consoleCommand: CliCommand = {
  name: "console",
  usage: "console [--port 3000]",
  description: "serve the review console and its API on http://127.0.0.1 (uses the local stack in .crm-reco/)",
  options: { port: { type: "string" } },
  async run({ values, home, configDir, databaseUrl }) {
    const port = values.port === undefined ? 3000 : Number(values.port);
    const { deps, close } = await startConsoleDependencies({ home, configDir, databaseUrl });
    const server = await startConsoleServer(deps, port);
    console.log(`Console on ${server.url} (create a user with: crm-reco users add <email> --role admin). Ctrl-C to stop.`);
    await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
    await server.close();
    await close();
    return 0;
  },
};
