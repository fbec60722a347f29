/**
 * The kinds of export ingest recognises and the canonical fields of each (DOMAIN §1). Header spellings live in
 * `config/mappings.yaml`; how a cell of each field is read lives here, so a second ERP is a config change.
 */
export const INGEST_KINDS = ["sales_lines", "customers", "products", "stock", "contacts", "ledger"] as const;
export type IngestKind = (typeof INGEST_KINDS)[number];

/** How a cell is read: see `convert-cell.ts`. */
export type CellType =
  | "client_code"
  | "article"
  | "text"
  | "token"
  | "email"
  | "date"
  | "decimal"
  | "integer"
  | "consent"
  | "premium_tier"
  | "yes_no";

export const KIND_FIELDS = {
  sales_lines: {
    client_code: "client_code",
    date_livraison: "date",
    document_type: "text",
    document_no: "text",
    order_detail_no: "text",
    article: "article",
    produit_label: "text",
    qty_line: "decimal",
    pu_ht: "decimal",
    mt_ht: "decimal",
    mt_ttc: "decimal",
    marge: "decimal",
    email: "email",
    code_postal: "text",
    ville: "text",
  },
  customers: {
    client_code: "client_code",
    nom: "text",
    prenom: "text",
    email: "email",
    telephone: "text",
    adresse: "text",
    code_postal: "text",
    ville: "text",
    pays: "text",
    date_naissance: "date",
    optin_email: "consent",
    date_creation: "date",
  },
  products: {
    article: "article",
    produit: "text",
    cuvee: "text",
    millesime: "integer",
    famille_crm: "text",
    couleur: "text",
    sucrosite: "text",
    cepages: "text",
    appellation: "text",
    contenance_cl: "decimal",
    prix_ttc: "decimal",
    prix_ht: "decimal",
    premium_tier: "premium_tier",
    actif: "yes_no",
    arome_fruit: "integer",
    arome_floral: "integer",
    arome_epice: "integer",
    arome_mineral: "integer",
    arome_acidite: "integer",
    arome_corps: "integer",
    arome_tanin: "integer",
  },
  stock: {
    article: "article",
    entrepot: "text",
    quantite: "decimal",
  },
  contacts: {
    client_code: "client_code",
    email: "email",
    date_contact: "date",
    canal: "token",
    statut: "token",
    campagne: "text",
  },
  ledger: {
    compte: "text",
    client_code: "client_code",
    date_ecriture: "date",
    piece: "text",
    libelle: "text",
    debit: "decimal",
    credit: "decimal",
    lettrage: "text",
    date_echeance: "date",
  },
} as const satisfies Record<IngestKind, Record<string, CellType>>;

export type FieldOf<K extends IngestKind> = keyof (typeof KIND_FIELDS)[K] & string;

export function fieldsOf<K extends IngestKind>(kind: K): FieldOf<K>[] {
  return Object.keys(KIND_FIELDS[kind]) as FieldOf<K>[];
}

export function cellTypeOf(kind: IngestKind, field: string): CellType {
  return (KIND_FIELDS[kind] as Record<string, CellType>)[field] as CellType;
}

/**
 * Fields the canonical tables cannot do without; `config/mappings.yaml` may require more, never fewer.
 * Alternatives (contacts: client code or email; ledger: account or client code) are `required_one_of` groups.
 */
export const MINIMUM_REQUIRED: { [K in IngestKind]: readonly FieldOf<K>[] } = {
  sales_lines: ["client_code", "date_livraison", "document_no", "article", "qty_line", "mt_ht"],
  customers: ["client_code"],
  products: ["article"],
  stock: ["article", "quantite"],
  contacts: ["date_contact", "statut"],
  ledger: ["date_ecriture"],
};

export const MINIMUM_REQUIRED_ONE_OF: { [K in IngestKind]: readonly (readonly FieldOf<K>[])[] } = {
  sales_lines: [],
  customers: [],
  products: [],
  stock: [],
  contacts: [["client_code", "email"]],
  ledger: [["compte", "client_code"]],
};
