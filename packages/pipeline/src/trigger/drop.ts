import type { PipelineConfig } from "@crm-reco/core";

export type DropSettings = PipelineConfig["drops"];

/**
 * A drop is the set of objects under one top-level folder of the inbox (`<drop>/…`); an object at the
 * inbox root is a drop of its own (ARCHITECTURE §2).
 */
export interface Drop {
  /** The folder name, or the root object's key. */
  dropKey: string;
  /** True when the drop is a single object at the inbox root. */
  root: boolean;
}

export type ObjectRole = "data" | "marker" | "other";

export function dropOfKey(key: string): Drop {
  const slash = key.indexOf("/");
  return slash < 0 ? { dropKey: key, root: true } : { dropKey: key.slice(0, slash), root: false };
}

/** The ListObjectsV2 prefix that selects the drop's objects. */
export function dropPrefix(drop: Drop): string {
  return drop.root ? drop.dropKey : `${drop.dropKey}/`;
}

export function belongsToDrop(key: string, drop: Drop): boolean {
  return drop.root ? key === drop.dropKey : key.startsWith(`${drop.dropKey}/`);
}

export function sameDrop(a: Drop, b: Drop): boolean {
  return a.dropKey === b.dropKey && a.root === b.root;
}

/** `.csv`/`.xlsx` (any case) are data; the ready marker completes a folder drop; anything else is reported. */
export function objectRole(key: string, settings: DropSettings): ObjectRole {
  const name = key.slice(key.lastIndexOf("/") + 1);
  if (key.includes("/") && name.toLowerCase() === settings.ready_marker.toLowerCase()) return "marker";
  const lower = name.toLowerCase();
  if (settings.accepted_extensions.some((extension) => lower.endsWith(extension) && lower.length > extension.length)) return "data";
  return "other";
}
