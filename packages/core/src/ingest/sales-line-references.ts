import type { SalesLineRow } from "./staged-rows";

/** A stub product's data: the label, cuvée and bottle factor of the article's last sales line in the run. */
export interface ArticleReference {
  article: string;
  produit_label: string | null;
  cuvee: string | null;
  article_factor: string;
}

/**
 * The customers and articles a run's sales lines name, gathered while the lines are parsed, so that the merge can
 * create stub rows for the unknown ones without reading a million staged lines again. Lines are added in run order
 * (file after file, line after line): an article keeps its last line's label, as the merge's "last wins" rule says.
 */
export class SalesLineReferences {
  private readonly codes = new Set<string>();
  private readonly lastLineOfArticle = new Map<string, ArticleReference>();
  /** An order's lines come together: a code equal to the previous line's needs no set lookup. */
  private previousCode = "";
  private unnumbered = false;

  add(line: SalesLineRow): void {
    if (line.client_code !== this.previousCode) {
      this.previousCode = line.client_code;
      this.codes.add(line.client_code);
    }
    // An article's lines mostly repeat its label: the reference is replaced only when they do not. Keeping each
    // line instead would make every line an old-to-new reference for the garbage collector to track.
    const known = this.lastLineOfArticle.get(line.article);
    if (
      known === undefined ||
      known.produit_label !== line.produit_label ||
      known.cuvee !== line.cuvee ||
      known.article_factor !== line.article_factor
    ) {
      const { article, produit_label, cuvee, article_factor } = line;
      this.lastLineOfArticle.set(article, { article, produit_label, cuvee, article_factor });
    }
    if (line.order_detail_no === null) this.unnumbered = true;
  }

  /** Adds what another file's lines named, that file coming after the lines added so far. */
  addAll(other: SalesLineReferences): void {
    for (const code of other.codes) this.codes.add(code);
    for (const [article, line] of other.lastLineOfArticle) this.lastLineOfArticle.set(article, line);
    if (other.unnumbered) this.unnumbered = true;
  }

  /** Every line added has its detail number (`N° ligne`): the merge need not number lines within documents. */
  get everyLineNumbered(): boolean {
    return !this.unnumbered;
  }

  get clientCodes(): string[] {
    return [...this.codes];
  }

  get articles(): ArticleReference[] {
    return [...this.lastLineOfArticle.values()];
  }
}
