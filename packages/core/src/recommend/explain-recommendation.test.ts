import { describe, expect, it } from "vitest";
import { findBannedWords } from "../audit/objective-wording";
import { AROMA_AXES } from "../config/aromas";
import { buildCatalogueIndex } from "./catalogue-index";
import { explainRecommendation } from "./explain-recommendation";
import { REASON_CODES } from "./reason-codes";
import { aromas, product, shippedScoringConfig } from "./recommend-fixtures";

const config = shippedScoringConfig();
const banned = [...config.wording.banned_words.fr, ...config.wording.banned_words.en];

function itemOf(overrides: Parameters<typeof product>[0]) {
  return buildCatalogueIndex([product(overrides)], [], config).byArticle.get(overrides.article)!;
}

describe("explainRecommendation", () => {
  it("states colour, sweetness, vintage, appellation, grapes, marked aromas and one purchase fact, in French and English", () => {
    const item = itemOf({ article: "LAV20", produit: "Clos des Lavières 2020", aromas: aromas([4, 3, 3, 3, 5, 3, 3]) });
    expect(
      explainRecommendation(
        { item, reasons: ["NEWER_VINTAGE", "SAME_FAMILY"], previousVintageLabel: "Clos des Lavières 2019", boughtWithLabel: null },
        config.wording,
      ),
    ).toEqual({
      fr: "Vin rouge sec, millésime 2020, appellation Bourgogne, cépage Pinot Noir, profil vif et fruité ; millésime plus récent que Clos des Lavières 2019, que vous avez apprécié.",
      en: "Dry red wine, vintage 2020, Bourgogne appellation, grape: Pinot Noir, crisp and fruity profile; a more recent vintage than Clos des Lavières 2019, which you bought before.",
    });
  });

  it("lists several grapes, leaves out unknown facts and labels a back-filled wine", () => {
    const item = itemOf({
      article: "GT",
      couleur: "rosé",
      sucrosite: "demi-sec",
      cepages: "Syrah, Grenache, Mourvèdre",
      millesime: null,
      appellation: null,
    });
    expect(
      explainRecommendation(
        { item, reasons: ["BACKFILL_POPULAR", "POPULAR"], previousVintageLabel: null, boughtWithLabel: null },
        config.wording,
      ),
    ).toEqual({
      fr: "Vin rosé demi-sec, cépages Syrah, Grenache et Mourvèdre ; l'un des vins les plus achetés du domaine.",
      en: "Medium-dry rosé wine, grapes: Syrah, Grenache and Mourvèdre; one of the estate's most purchased wines.",
    });
  });

  it("does not call a back-filled wine much bought unless it is popular", () => {
    const item = itemOf({
      article: "DOR",
      couleur: "blanc",
      sucrosite: "liquoreux",
      cepages: "Sémillon",
      appellation: "Sauternes",
      millesime: 2018,
    });
    const quiet = explainRecommendation(
      { item, reasons: ["BACKFILL_POPULAR"], previousVintageLabel: null, boughtWithLabel: null },
      config.wording,
    );
    expect(quiet).toEqual({
      fr: "Vin blanc liquoreux, millésime 2018, appellation Sauternes, cépage Sémillon.",
      en: "Sweet white wine, vintage 2018, Sauternes appellation, grape: Sémillon.",
    });
    const popular = explainRecommendation(
      { item, reasons: ["BACKFILL_POPULAR", "IN_BUDGET", "POPULAR"], previousVintageLabel: null, boughtWithLabel: null },
      config.wording,
    );
    expect(popular.en).toBe(
      "Sweet white wine, vintage 2018, Sauternes appellation, grape: Sémillon; one of the estate's most purchased wines.",
    );
  });

  it("never prints a product name or appellation that contains a banned word", () => {
    const item = itemOf({ article: "FETE", produit: "Cuvée de Fête 2021", appellation: "Plaisir de Loire" });
    const text = explainRecommendation(
      { item, reasons: ["BOUGHT_TOGETHER"], previousVintageLabel: null, boughtWithLabel: "Cuvée Soirée 2020" },
      config.wording,
    );
    expect(text).toEqual({
      fr: "Vin rouge sec, millésime 2020, cépage Pinot Noir ; souvent acheté avec des vins que vous avez appréciés.",
      en: "Dry red wine, vintage 2020, grape: Pinot Noir; often bought together with wines you bought.",
    });
  });

  it("keeps every generated sentence clear of the banned lexicon, for every reason and wine style", () => {
    const styles = [
      { couleur: "rouge", sucrosite: "sec", famille: "Rouge" },
      { couleur: "blanc", sucrosite: "demi-sec", famille: "Blanc" },
      { couleur: "rosé", sucrosite: "sec", famille: "Rosé" },
      { couleur: "blanc", sucrosite: "brut", famille: "Effervescent" },
      { couleur: "blanc", sucrosite: "liquoreux", famille: "Liquoreux" },
      { couleur: "blanc", sucrosite: "moelleux", famille: "Liquoreux" },
      { couleur: null, sucrosite: null, famille: null },
    ];
    let checked = 0;
    for (const [index, style] of styles.entries()) {
      for (const axis of AROMA_AXES.keys()) {
        const values = [2, 2, 2, 2, 2, 2, 2] as [number, number, number, number, number, number, number];
        values[axis] = 5;
        values[(axis + 1) % 7] = 4;
        const item = itemOf({ article: `W${index}${axis}`, produit: `Domaine Test ${2015 + axis}`, ...style, aromas: aromas(values) });
        for (const reason of REASON_CODES) {
          const text = explainRecommendation(
            { item, reasons: [reason], previousVintageLabel: "Domaine Test 2014", boughtWithLabel: "Les Chaumes 2021" },
            config.wording,
          );
          expect(findBannedWords(text.fr, banned), text.fr).toEqual([]);
          expect(findBannedWords(text.en, banned), text.en).toEqual([]);
          expect(text.fr).toMatch(/^[A-ZÉ].*\.$/);
          expect(text.en).toMatch(/^[A-Z].*\.$/);
          checked++;
        }
      }
    }
    expect(checked).toBe(styles.length * 7 * REASON_CODES.length);
  });

  it("ships a lexicon with the festive and health words of both languages", () => {
    for (const word of ["fête", "festif", "convivial", "santé", "bienfait", "plaisir", "ivresse", "soirée"])
      expect(config.wording.banned_words.fr).toContain(word);
    for (const word of ["party", "celebration", "healthy"]) expect(config.wording.banned_words.en).toContain(word);
  });
});
