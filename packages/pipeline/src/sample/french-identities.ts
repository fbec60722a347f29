/**
 * Name, street and town lists for fake French customers. Every character must exist in Windows-1252, since
 * clients.csv is written in that encoding (œ, Œ, accents and ü are fine; no ligatures beyond œ/æ, no emoji).
 */

// biome-ignore format: word lists stay compact
export const FEMALE_FIRST_NAMES = [
  "Marie", "Hélène", "Gaëlle", "Chloé", "Léa", "Zoé", "Anaïs", "Cécile", "Agnès", "Françoise", "Sophie", "Isabelle",
  "Nathalie", "Sylvie", "Catherine", "Valérie", "Christine", "Élodie", "Aurélie", "Camille", "Manon", "Inès", "Maëlys",
  "Noémie", "Mélanie", "Émilie", "Julie", "Claire", "Anne", "Brigitte", "Monique", "Josée", "Geneviève", "Thérèse",
  "Bérénice", "Solène", "Océane", "Lucie", "Pauline", "Margaux", "Laëtitia", "Joëlle", "Danièle", "Édith", "Mégane",
];

// biome-ignore format: word lists stay compact
export const MALE_FIRST_NAMES = [
  "Jean", "Pierre", "François", "Jérôme", "Loïc", "Joël", "Noël", "Benoît", "Éric", "Stéphane", "Frédéric", "Hervé",
  "Thierry", "Philippe", "Michel", "Alain", "Patrick", "Nicolas", "Julien", "Sébastien", "Mathéo", "Théo", "Raphaël",
  "Gaël", "Hugo", "Louis", "Antoine", "Clément", "Guillaume", "Rémi", "André", "Gérard", "Jacques", "Bernard", "Régis",
  "Cédric", "Aurélien", "Maxime", "Olivier", "Grégoire", "Jean-Luc", "Jean-François", "Xavier", "Yannick", "Anaël",
];

// biome-ignore format: word lists stay compact
export const LAST_NAMES = [
  "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
  "Laurent", "Lefèvre", "Lefèbvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
  "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure",
  "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément",
  "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Gérard", "Nguyen", "Boyer", "Denis",
  "Lemaire", "Duval", "Joly", "Roche", "Noël", "Meyer", "Lucas", "Meunier", "Pérez", "Marchand", "Dufour", "Blanchard",
  "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Renard", "Arnaud", "Caron", "Aubert", "Giraud",
  "Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine", "Picard", "Gaillard", "Lacroix", "Fabre", "Dupuis", "Olivier",
  "Da Silva", "Hubert", "Rivière", "Le Gall", "Guillaume", "Moulin", "Berger", "Lecomte", "Ménard", "Fleury",
  "Deschamps", "Bénard", "Maillard", "Prévost", "Poirier", "Charpentier", "Carré", "Rémy", "Hébert", "Lecœur",
  "Lebœuf", "Génin", "Bézier", "Chênevert", "Théry", "Pagès", "Cœurdevey", "Després", "Bérard", "Lefébure", "Mégret",
  "N'Diaye", "D'Angelo", "Saint-Jean", "Le Bihan", "Besançon", "Faÿ", "Thévenot", "Béguin", "Jobard", "Millot",
];

export const GERMAN_FIRST_NAMES = ["Jürgen", "Günter", "Jörg", "Uwe", "Sabine", "Ursula", "Käthe", "Stefan", "Anja"];
export const GERMAN_LAST_NAMES = ["Müller", "Schröder", "Schäfer", "Weiß", "Köhler", "Krüger", "Hoffmann", "Becker"];

// biome-ignore format: word lists stay compact
export const COMPANY_NAMES = [
  "Restaurant Le Cep", "SARL Le Bouchon Dijonnais", "Hôtel de la Poste", "Cave Saint-Vincent", "Comité d'entreprise Eiffage",
  "Brasserie du Théâtre", "L'Épicerie Fine", "Auberge des Trois Ormeaux",
];

// biome-ignore format: word lists stay compact
export const STREET_TYPES = [
  ["rue", 50], ["avenue", 12], ["boulevard", 6], ["chemin", 8], ["impasse", 6], ["place", 4], ["allée", 6],
  ["route", 6], ["quai", 2],
] as const;

// biome-ignore format: word lists stay compact
export const STREET_NAMES = [
  "des Vignes", "de la République", "Victor Hugo", "du Général de Gaulle", "Jean Jaurès", "des Tilleuls", "Pasteur",
  "de l'Église", "du Château", "des Écoles", "Gambetta", "Carnot", "Sainte-Marguerite", "du Moulin", "des Lilas",
  "de Bourgogne", "Émile Zola", "Lamartine", "des Œillets", "de la Gare", "du Stade", "des Châtaigniers", "Voltaire",
  "Saint-Honoré", "de la Fontaine", "du Clos Vougeot", "des Pressoirs", "Léon Blum", "de Verdun", "des Acacias",
];

export const ADDRESS_SECOND_LINES = [
  "Bâtiment B",
  "Appartement 12",
  "Résidence Les Chênes",
  "Escalier C, 3e étage",
  "BP 42",
  "Lieu-dit La Côte",
];

/** Addresses with a `;` in them, as seen in real exports. */
export const ADDRESSES_WITH_DELIMITER = [
  "Lieu-dit Les Crais; route de Beaune",
  "Domaine de la Combe; chemin rural n° 7",
  "Ferme du Bois; hameau de Corcelles",
];

export interface Town {
  department: string;
  postcode: string;
  city: string;
  country: string;
  /** First two digits of a landline number there. */
  landline: string;
}

// biome-ignore format: word lists stay compact
const FR_TOWNS: ReadonlyArray<readonly [string, string, number]> = [
  // [postcode, city, weight]
  ["21000", "Dijon", 60], ["21200", "Beaune", 45], ["21700", "Nuits-Saint-Georges", 15], ["21190", "Meursault", 8],
  ["21300", "Chenôve", 10], ["21130", "Auxonne", 5], ["21121", "Fontaine-lès-Dijon", 8],
  ["51100", "Reims", 25], ["51200", "Épernay", 15], ["51000", "Châlons-en-Champagne", 8], ["51160", "Aÿ-Champagne", 4],
  ["33000", "Bordeaux", 28], ["33700", "Mérignac", 8], ["33600", "Pessac", 6], ["33500", "Libourne", 5],
  ["33330", "Saint-Émilion", 3],
  ["69001", "Lyon", 8], ["69003", "Lyon", 10], ["69006", "Lyon", 10], ["69007", "Lyon", 8], ["69100", "Villeurbanne", 8],
  ["69400", "Villefranche-sur-Saône", 5],
  ["75005", "Paris", 8], ["75008", "Paris", 6], ["75011", "Paris", 10], ["75015", "Paris", 12], ["75016", "Paris", 10],
  ["75017", "Paris", 8], ["75020", "Paris", 6],
  ["71000", "Mâcon", 8], ["71100", "Chalon-sur-Saône", 10], ["13008", "Marseille", 6], ["13100", "Aix-en-Provence", 5],
  ["31000", "Toulouse", 6], ["44000", "Nantes", 6], ["59000", "Lille", 6], ["67000", "Strasbourg", 6],
  ["92100", "Boulogne-Billancourt", 6], ["92200", "Neuilly-sur-Seine", 5], ["94300", "Vincennes", 4],
  ["78000", "Versailles", 5], ["06000", "Nice", 4], ["01000", "Bourg-en-Bresse", 4], ["84000", "Avignon", 3],
  ["26000", "Valence", 3], ["38000", "Grenoble", 4], ["35000", "Rennes", 4], ["20000", "Ajaccio", 1],
];

// biome-ignore format: word lists stay compact
const LANDLINE_BY_DEPARTMENT: Record<string, string> = {
  "21": "03", "51": "03", "71": "03", "67": "03", "59": "03",
  "33": "05", "31": "05",
  "69": "04", "13": "04", "06": "04", "01": "04", "84": "04", "26": "04", "38": "04", "20": "04",
  "75": "01", "92": "01", "94": "01", "78": "01",
  "44": "02", "35": "02",
};

export const FRENCH_TOWNS: readonly Town[] = FR_TOWNS.map(([postcode, city]) => {
  const department = postcode.slice(0, 2);
  return { department, postcode, city, country: "France", landline: LANDLINE_BY_DEPARTMENT[department] ?? "03" };
});
export const FRENCH_TOWN_WEIGHTS: readonly number[] = FR_TOWNS.map((town) => town[2]);

export const FOREIGN_TOWNS: readonly Town[] = [
  { department: "", postcode: "98000", city: "Monaco", country: "Monaco", landline: "" },
  { department: "", postcode: "10115", city: "Berlin", country: "Allemagne", landline: "" },
  { department: "", postcode: "80331", city: "München", country: "Allemagne", landline: "" },
  { department: "", postcode: "50667", city: "Köln", country: "Allemagne", landline: "" },
];

// biome-ignore format: word lists stay compact
export const EMAIL_DOMAINS = [
  ["gmail.com", 30], ["orange.fr", 18], ["wanadoo.fr", 8], ["free.fr", 10], ["sfr.fr", 6], ["laposte.net", 6],
  ["hotmail.fr", 8], ["yahoo.fr", 5], ["outlook.fr", 4], ["icloud.com", 3], ["neuf.fr", 2],
] as const;

export const INVALID_EMAILS = ["jean.dupont@", "sans-email", "marie.martin@gmail", "pas d'email", "contact@@free.fr"];
