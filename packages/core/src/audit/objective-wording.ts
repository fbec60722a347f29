/** Lower-case, without accents, typographic apostrophes made plain: how texts and banned words are compared. */
export function normaliseWording(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[\u2019\u02bc]/g, "'")
    .toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface CompiledWord {
  word: string;
  pattern: RegExp;
}

/** Compiled once per lexicon array (the audit checks thousands of texts against the same one). */
const compiledLexicons = new WeakMap<readonly string[], CompiledWord[]>();

function compile(bannedWords: readonly string[]): CompiledWord[] {
  let compiled = compiledLexicons.get(bannedWords);
  if (compiled) return compiled;
  compiled = [];
  for (const word of new Set(bannedWords)) {
    const needle = normaliseWording(word).trim();
    if (needle === "") continue;
    const body = escapeRegExp(needle).replace(/\s+/g, "\\s+");
    compiled.push({ word, pattern: new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, "u") });
  }
  compiledLexicons.set(bannedWords, compiled);
  return compiled;
}

/**
 * The banned words (or phrases) that appear in a text as whole words, in lexicon order.
 * Whole words only, so that "sain" does not match "Saint-Émilion": list plurals and variants explicitly.
 */
export function findBannedWords(text: string, bannedWords: readonly string[]): string[] {
  const compiled = compile(bannedWords);
  if (compiled.length === 0) return [];
  const haystack = normaliseWording(text);
  return compiled.filter(({ pattern }) => pattern.test(haystack)).map(({ word }) => word);
}
