import type { ExecutionEvent } from "@crm-reco/pipeline";

/** Prints one line per state as the execution goes (and Map shard progress), to stderr-free stdout. */
export function createProgressPrinter(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {
  const enteredAt = new Map<string, number>();
  let shardsDone = 0;
  return (event: ExecutionEvent) => {
    switch (event.type) {
      case "StateEntered":
        if (event.index === undefined) enteredAt.set(event.state.name, event.timestamp);
        break;
      case "MapIterationSucceeded":
        shardsDone++;
        break;
      case "StateRetried":
        write(`  ↻ ${event.state.name}: retry ${event.retry.attempt}`);
        break;
      case "StateExited": {
        if (event.index !== undefined) break;
        const started = enteredAt.get(event.state.name) ?? event.timestamp;
        const seconds = ((event.timestamp - started) / 1000).toFixed(1);
        const shards = event.state.type === "Map" ? ` (${shardsDone} shard${shardsDone === 1 ? "" : "s"})` : "";
        write(`  ✓ ${event.state.name.padEnd(14)} ${seconds.padStart(6)} s${shards}`);
        break;
      }
      case "StateFailed":
        if (event.index === undefined) write(`  ✗ ${event.state.name}: ${event.Error}`);
        break;
      default:
        break;
    }
  };
}
