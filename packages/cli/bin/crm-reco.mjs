#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `crm-reco` works right after `npm ci` with no build step.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
