import type { App } from "sst/constructs";
import { useProject } from "sst/project.js";
import { type AppSettings, loadAppSettings } from "./app-settings";

const loaded = new Map<string, AppSettings>();

/** config/ is read once per app and stage, at synth time. */
export function useAppSettings(app: App): AppSettings {
  const root = useProject().paths.root;
  const key = `${root}\0${app.stage}`;
  let settings = loaded.get(key);
  if (!settings) {
    settings = loadAppSettings(root, app.stage);
    loaded.set(key, settings);
  }
  return settings;
}
