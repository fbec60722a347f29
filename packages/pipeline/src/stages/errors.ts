/** Retried by the state machine (ASL `Retry` on `TransientError`); anything else fails the run. */
export class TransientError extends Error {
  override name = "TransientError";
}
