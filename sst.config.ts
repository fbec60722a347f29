import type { SSTConfig } from "sst";
import { Alarms } from "./stacks/Alarms";
import { loadAppSettings } from "./stacks/app-settings";
import { Console } from "./stacks/Console";
import { Database } from "./stacks/Database";
import { Notify } from "./stacks/Notify";
import { Pipeline } from "./stacks/Pipeline";
import { Storage } from "./stacks/Storage";

/** AWS deployment (SST v2): `npx sst deploy --stage <name>`, see docs/deploy.md; settings in config/deploy.yaml. */
export default {
  config(globals) {
    const { deploy } = loadAppSettings(globals.root ?? process.cwd(), globals.stage);
    return { name: "crm-reco", region: deploy.region };
  },
  stacks(app) {
    app.stack(Storage).stack(Database).stack(Notify).stack(Pipeline).stack(Console).stack(Alarms);
  },
} satisfies SSTConfig;
