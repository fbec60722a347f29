import { ingestStage } from "@crm-reco/pipeline";

/** Lambda entry point: the stage validates its input, runs, and returns pointers and counts. */
export const handler = (event: unknown) => ingestStage(event);
