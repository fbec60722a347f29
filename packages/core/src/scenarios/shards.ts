export interface ShardPlan {
  /** Shard index per client code (contactable customers only). */
  shardOf: Map<string, number>;
  /** One entry per shard; `count` is the number of shards (each Map iteration knows the total). */
  shards: { index: number; count: number }[];
}

/**
 * Splits contactable customers, already in `client_code COLLATE "C"` order, into contiguous blocks of
 * `shardSize` for the recommend Map.
 */
export function planShards(orderedClientCodes: readonly string[], shardSize: number): ShardPlan {
  const shardOf = new Map<string, number>();
  orderedClientCodes.forEach((code, i) => {
    shardOf.set(code, Math.floor(i / shardSize));
  });
  const count = Math.ceil(orderedClientCodes.length / shardSize);
  return { shardOf, shards: Array.from({ length: count }, (_, index) => ({ index, count })) };
}
