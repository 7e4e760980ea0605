"""The words exports use in their headers, in English, Dutch and German, grouped by meaning.

A header is cut into words (see `suggest.tokens`); each word stands for a concept (CUSTOMER,
KEY, NAME, ...). A canonical column is then described by the concept sets its headers show:
`customers.customer_id` is "CUSTOMER KEY" (CustomerID, Kundennummer, klant_nr, PARTNERID).
Words are written without accents (Verkäufer is read as verkaufer) and in lower case.
"""

from __future__ import annotations

# fmt: off
WORDS: dict[str, tuple[str, ...]] = {
    # Key suffixes: the column identifies something.
    "KEY": (
        "id", "key", "no", "nr", "nummer", "number", "num", "nbr", "nro", "code", "cd", "sk",
        "ident", "identifier", "nrs", "uid", "guid",
    ),
    "NAME": (
        "name", "naam", "namen", "bezeichnung", "omschrijving", "beschreibung", "description",
        "desc", "label", "displayname", "benaming", "benennung", "text", "txt",
    ),
    "FULL": ("full", "volledige", "voll", "complete"),
    "FIRST": ("first", "firstname", "vorname", "voornaam", "given", "givenname"),
    "LAST": ("last", "lastname", "nachname", "achternaam", "surname", "familyname", "familienname"),
    # Entities.
    "PERSON": (
        "employee", "emp", "empl", "staff", "salesperson", "salespersons", "salesman",
        "salesmen", "person", "rep", "representative", "salesrep", "agent", "seller", "owner",
        "user", "consultant", "mitarbeiter", "mitarbeiterin", "verkaufer", "verkaeufer",
        "vertreter", "aussendienst", "aussendienstler", "medewerker", "verkoper",
        "vertegenwoordiger", "accountmanager", "accountowner", "personeel", "personnel",
        "worker", "berater", "adviseur", "assignee", "assigned", "salesrepresentative",
        "vertriebsmitarbeiter", "kundenbetreuer", "betreuer", "accounthouder", "resource",
    ),
    "HEADCOUNT": ("employees", "headcount", "fte", "mitarbeiterzahl", "werknemers"),
    "MANAGER": (
        "manager", "reportsto", "supervisor", "vorgesetzter", "vorgesetzte", "leidinggevende",
        "chef", "boss", "parent", "teamlead", "teamleiter", "teamleider",
    ),
    "CUSTOMER": (
        "customer", "customers", "cust", "client", "clients", "klient", "account", "accounts",
        "reseller", "dealer", "handler", "haendler", "partner", "businesspartner", "buyer",
        "debtor", "debitor", "debiteur", "kunde", "kunden", "klant", "klanten", "afnemer",
        "relatie", "soldto", "retailer", "shop", "outlet", "organisatie",
    ),
    "COMPANY": (
        "company", "firma", "firm", "bedrijf", "bedrijfs", "unternehmen", "organisation",
        "organization", "org", "companyname", "bedrijfsnaam", "firmenname",
    ),
    "PRODUCT": (
        "product", "products", "prod", "item", "items", "article", "artikel", "artikels",
        "sku", "material", "matnr", "produkt", "produkte", "ware", "waren", "goods", "part",
        "artikelen", "produit", "merchandise",
    ),
    "ORDER": (
        "order", "orders", "salesorder", "invoice", "bill", "document", "doc", "auftrag",
        "auftrags", "bestellung", "beleg", "rechnung", "bestelling", "factuur", "transaction",
        "so", "receipt", "booking", "buchung", "bon", "orderline",
    ),
    "LINE": ("line", "lineno", "position", "pos", "posnr", "regel", "zeile", "positie", "seq"),
    "OPPORTUNITY": (
        "opportunity", "opportunities", "opp", "oppty", "deal", "deals", "chance",
        "verkaufschance", "kans", "verkoopkans", "lead", "leads", "pipeline",
    ),
    "ACTIVITY": (
        "activity", "activities", "task", "tasks", "aktivitat", "aktivitaet", "activiteit",
        "taak", "interaction", "touchpoint", "contact",
    ),
    # Dates and periods.
    "DATE": ("date", "datum", "dt", "day", "tag", "dag", "on", "at", "time", "timestamp"),
    "CREATED": (
        "created", "create", "creation", "erstellt", "erstellung", "aangemaakt", "aanmaak",
        "opened", "open", "engage", "engaged", "entered", "angelegt", "anlage",
    ),
    "CLOSE": ("close", "closed", "closing", "abschluss", "sluit", "gesloten", "afsluit", "won"),
    "HIRE": ("hire", "hired", "joined", "eintritt", "indienst", "start", "entry", "employment"),
    "DUE": ("due", "activitydate", "faellig", "vervaldatum"),
    "MONTH": ("month", "monat", "maand", "period", "periode", "yearmonth", "mon", "mth"),
    "YEAR": ("year", "jahr", "jaar", "fiscalyear", "fy", "yr", "geschaeftsjahr", "boekjaar"),
    "QUARTER": ("quarter", "qtr", "quartal", "kwartaal"),
    # Money and quantities.
    "AMOUNT": (
        "amount", "revenue", "turnover", "umsatz", "omzet", "betrag", "bedrag", "value", "wert",
        "waarde", "total", "linetotal", "subtotal", "extendedprice", "extended", "sum",
        "summe", "som", "nettobetrag", "netamount", "erlos", "erloes", "opbrengst", "money",
    ),
    "NET": ("net", "netto"),
    "GROSS": ("gross", "brutto", "bruto"),
    "TAX": ("tax", "vat", "mwst", "btw", "steuer", "ust"),
    "COST": (
        "cost", "costs", "cogs", "kosten", "kost", "kostprijs", "einstand", "einstandspreis",
        "standardcost", "totalproductcost", "inkoop", "einkauf", "einkaufspreis",
    ),
    "PRICE": ("price", "preis", "prijs", "rate", "tarif", "einzelpreis", "stueckpreis"),
    "UNIT": ("unit", "einheit", "eenheid", "per", "stuk"),
    "LIST": ("list", "catalog", "katalog", "catalogus", "standard", "msrp", "retail"),
    "DISCOUNT": ("discount", "rabatt", "korting", "nachlass", "discountpct", "pct", "percent"),
    "QUANTITY": (
        "quantity", "qty", "units", "menge", "anzahl", "aantal", "stuks", "stueck",
        "stuck", "pieces", "pcs", "volume", "count", "absatz", "quantities", "eenheden",
        "hoeveelheid",
    ),
    # Classifications.
    "STAGE": (
        "stage", "status", "phase", "fase", "stadium", "dealstage", "salesstage", "stufe",
        "statut",
    ),
    "CATEGORY": (
        "category", "categories", "cat", "categorie", "kategorie", "group", "gruppe", "groep",
        "class", "klasse", "series", "family", "familie", "productline", "sparte",
        "warengruppe", "division", "hierarchy", "productgroup", "assortment", "sortiment",
    ),
    "SUB": ("sub", "subcategory", "subgroup", "untergruppe", "subgroep", "subcategorie"),
    "BRAND": (
        "brand", "brands", "marke", "marken", "merk", "merken", "manufacturer", "hersteller",
        "fabrikant", "producent", "maker", "vendor", "mfr", "brandname",
    ),
    "REGION": (
        "region", "regio", "territory", "area", "gebiet", "bezirk", "district", "zone",
        "market", "markt", "office", "branch", "filiale", "vestiging", "state", "province",
        "bundesland", "provincie", "stateprovince", "regional", "geography", "geo",
    ),
    "COUNTRY": ("country", "land", "nation", "countryregion", "staat"),
    "TEAM": ("team", "salesteam", "squad", "verkaufsteam", "ploeg"),
    "EMAIL": ("email", "mail", "upn", "emailaddress", "mailadres"),
    "ROLE": (
        "role", "title", "jobtitle", "position", "function", "funktion", "functie", "job",
        "rolle", "rol", "stelle", "designation",
    ),
    "ACTIVE": ("active", "current", "aktiv", "actief", "isactive", "enabled"),
    "ALIAS": ("alias", "personnelnumber", "personalnummer", "login", "loginname", "username"),
    "SEGMENT": ("segment", "businesstype", "customertype", "tier", "klantsegment"),
    "TYPE": ("type", "typ", "art", "soort", "kind"),
    "INDUSTRY": ("industry", "sector", "branche", "industrie", "sektor", "vertical"),
    "METRIC": ("metric", "measure", "kpi", "kennzahl", "kengetal"),
    "TARGET": (
        "target", "quota", "goal", "plan", "budget", "soll", "ziel", "doel", "norm",
        "objective", "forecast",
    ),
    "SOURCE": ("source", "quelle", "bron", "origin"),
    "COMPETITOR": ("competitor", "lostto", "wettbewerber", "concurrent", "konkurrent"),
    "LOSS": ("loss", "lost", "verlust", "verloren"),
    "REASON": ("reason", "grund", "reden", "cause"),
    "OWN": ("own", "ours", "eigen", "eigenmarke", "isown", "private"),
    "AVG": ("avg", "average", "durchschnitt", "durchschnittlich", "gemiddeld", "gemiddelde"),
    "OUTCOME": ("outcome", "result", "ergebnis", "resultaat", "uitkomst"),
    "SALES": ("sales", "sale", "verkauf", "verkaufs", "vertrieb", "verkoop", "selling"),
    "EXPECTED": ("expected", "erwartet", "verwacht", "estimated", "planned", "geplant"),
}
# fmt: on

# Concepts that only qualify another word ("SalesAmount" is an amount, "sales_agent" a person).
QUALIFIERS = frozenset({"SALES", "EXPECTED"})

# The entity each table describes: its own key is "<ENTITY> KEY".
ENTITY = {
    "reps": "PERSON",
    "customers": "CUSTOMER",
    "products": "PRODUCT",
    "sales": "ORDER",
    "opportunities": "OPPORTUNITY",
    "activities": "ACTIVITY",
}

# Patterns per canonical column: concept sets (space-separated) and how sure a match is.
# "*" holds patterns for a column name in every table; a table's own entry comes first.
PATTERNS: dict[str, dict[str, tuple[tuple[str, float], ...]]] = {
    "*": {
        "rep_id": (("PERSON KEY", 0.95), ("PERSON", 0.75), ("PERSON NAME", 0.5)),
        "customer_id": (("CUSTOMER KEY", 0.95), ("CUSTOMER", 0.75), ("CUSTOMER NAME", 0.5)),
        "product_id": (("PRODUCT KEY", 0.95), ("PRODUCT", 0.7), ("PRODUCT NAME", 0.45)),
        "opportunity_id": (("OPPORTUNITY KEY", 0.95), ("OPPORTUNITY", 0.6)),
        "region": (("REGION", 0.9), ("REGION NAME", 0.85), ("COUNTRY", 0.4)),
        "category": (
            ("CATEGORY", 0.9),
            ("PRODUCT CATEGORY", 0.95),
            ("CATEGORY NAME", 0.9),
            ("CATEGORY KEY", 0.7),
        ),
        "year": (("YEAR", 0.9),),
        "month": (("MONTH", 0.9), ("DATE", 0.6), ("YEAR MONTH", 0.9)),
        "quarter": (("QUARTER", 0.9),),
        "metric": (("METRIC", 0.9), ("TYPE", 0.4)),
        "source": (("SOURCE", 0.8), ("TARGET SOURCE", 0.9)),
    },
    "reps": {
        "rep_id": (("PERSON KEY", 1.0), ("KEY", 0.8), ("PERSON", 0.6)),
        "name": (
            ("PERSON NAME", 1.0),
            ("FULL NAME", 0.95),
            ("PERSON FULL NAME", 0.95),
            ("NAME", 0.85),
            ("PERSON", 0.7),
            ("LAST NAME", 0.55),
            ("LAST", 0.55),
            ("PERSON LAST NAME", 0.55),
        ),
        "email": (("EMAIL", 0.95), ("PERSON EMAIL", 0.95)),
        "team": (("TEAM", 0.9), ("TEAM NAME", 0.9), ("SALES TEAM", 0.9)),
        "manager_id": (
            ("MANAGER", 0.8),
            ("MANAGER KEY", 0.95),
            ("MANAGER PERSON KEY", 0.95),
            ("MANAGER PERSON", 0.8),
        ),
        "role": (("ROLE", 0.9), ("PERSON ROLE", 0.9)),
        "hire_date": (("HIRE DATE", 1.0), ("HIRE", 0.8)),
        "active": (("ACTIVE", 0.9), ("ACTIVE STAGE", 0.7)),
        "alias": (("ALIAS", 0.9), ("PERSON ALIAS", 0.9), ("PERSON KEY", 0.6)),
    },
    "customers": {
        "customer_id": (("CUSTOMER KEY", 1.0), ("KEY", 0.8), ("CUSTOMER", 0.6)),
        "name": (
            ("CUSTOMER NAME", 1.0),
            ("COMPANY NAME", 0.95),
            ("COMPANY", 0.85),
            ("NAME", 0.85),
            ("CUSTOMER", 0.65),
            ("CUSTOMER COMPANY NAME", 0.95),
        ),
        "segment": (("SEGMENT", 0.9), ("CUSTOMER SEGMENT", 0.9), ("TYPE", 0.5)),
        "industry": (("INDUSTRY", 0.9),),
        "region": (("REGION", 0.9), ("REGION NAME", 0.85)),
        "country": (("COUNTRY", 0.9), ("COUNTRY NAME", 0.9), ("COUNTRY REGION", 0.9)),
        "owner_rep_id": (
            ("PERSON KEY", 0.9),
            ("PERSON", 0.7),
            ("CUSTOMER PERSON", 0.8),
            ("CUSTOMER PERSON KEY", 0.9),
        ),
    },
    "products": {
        "product_id": (("PRODUCT KEY", 1.0), ("KEY", 0.8), ("PRODUCT", 0.6)),
        "name": (
            ("PRODUCT NAME", 1.0),
            ("NAME", 0.85),
            ("PRODUCT", 0.65),
            ("PRODUCT TEXT", 0.8),
        ),
        "category": (
            ("CATEGORY", 0.9),
            ("PRODUCT CATEGORY", 0.95),
            ("CATEGORY NAME", 0.9),
            ("CATEGORY KEY", 0.75),
            ("PRODUCT CATEGORY KEY", 0.75),
        ),
        "subcategory": (("SUB", 0.9), ("SUB CATEGORY", 0.9), ("PRODUCT SUB", 0.9)),
        "list_price": (("LIST PRICE", 1.0), ("PRICE", 0.8), ("UNIT PRICE", 0.75)),
        "unit_cost": (("COST", 0.8), ("UNIT COST", 0.95), ("LIST COST", 0.9)),
    },
    "sales": {
        "order_id": (("ORDER KEY", 1.0), ("ORDER", 0.7), ("SALES KEY", 0.6)),
        "line_no": (
            ("LINE", 0.8),
            ("LINE KEY", 0.95),
            ("ORDER LINE KEY", 1.0),
            ("ORDER LINE", 0.9),
        ),
        "order_date": (("ORDER DATE", 1.0), ("DATE", 0.75), ("CREATED DATE", 0.6)),
        "quantity": (("QUANTITY", 0.95), ("ORDER QUANTITY", 0.95)),
        "net_amount": (
            ("NET AMOUNT", 1.0),
            ("AMOUNT", 0.85),
            ("SALES", 0.8),
            ("NET", 0.7),
            ("LINE AMOUNT", 0.9),
            ("GROSS AMOUNT", 0.3),
        ),
        "cost_amount": (("COST", 0.85), ("COST AMOUNT", 0.95), ("PRODUCT COST", 0.9)),
        "unit_price": (("PRICE", 0.85), ("UNIT PRICE", 1.0)),
        "discount": (("DISCOUNT", 0.95), ("PRICE DISCOUNT", 0.9), ("UNIT PRICE DISCOUNT", 0.9)),
        "month_number": (("MONTH", 0.8), ("MONTH KEY", 0.8)),
    },
    "targets": {
        "month": (("MONTH", 0.9), ("TARGET MONTH", 1.0), ("DATE", 0.6), ("TARGET DATE", 0.8)),
        "target_value": (
            ("TARGET", 0.9),
            ("TARGET AMOUNT", 1.0),
            ("AMOUNT", 0.6),
            ("TARGET VALUE", 1.0),
        ),
    },
    "activities": {
        "activity_id": (("ACTIVITY KEY", 1.0), ("KEY", 0.7)),
        "activity_date": (("ACTIVITY DATE", 1.0), ("DATE", 0.75), ("DUE DATE", 0.8), ("DUE", 0.8)),
        "activity_type": (("ACTIVITY TYPE", 1.0), ("TYPE", 0.8), ("ACTIVITY", 0.6)),
        "outcome": (("OUTCOME", 0.9), ("STAGE", 0.5)),
    },
    "opportunities": {
        "opportunity_id": (("OPPORTUNITY KEY", 1.0), ("KEY", 0.8)),
        "product_category": (
            ("PRODUCT CATEGORY", 1.0),
            ("CATEGORY", 0.85),
            ("PRODUCT", 0.55),
        ),
        "created_date": (("CREATED DATE", 1.0), ("CREATED", 0.8), ("DATE", 0.5)),
        "close_date": (("CLOSE DATE", 1.0), ("CLOSE", 0.8), ("EXPECTED CLOSE DATE", 1.0)),
        "stage": (("STAGE", 0.95), ("OPPORTUNITY STAGE", 1.0)),
        "amount": (("AMOUNT", 0.9), ("OPPORTUNITY AMOUNT", 1.0), ("CLOSE AMOUNT", 0.85)),
        "competitor": (("COMPETITOR", 0.95),),
        "loss_reason": (("LOSS REASON", 1.0), ("REASON", 0.8)),
    },
    "market": {
        "month": (("MONTH", 0.9), ("DATE", 0.7), ("YEAR MONTH", 0.9)),
        "brand": (("BRAND", 0.95), ("BRAND NAME", 0.95), ("COMPETITOR", 0.7)),
        "is_own": (("OWN", 0.9), ("OWN BRAND", 0.95)),
        "sales_value": (
            ("SALES AMOUNT", 1.0),
            ("AMOUNT", 0.85),
            ("SALES", 0.8),
            ("AMOUNT SALES", 1.0),
        ),
        "units": (("QUANTITY", 0.9), ("UNIT", 0.7), ("QUANTITY SALES", 0.95)),
        "avg_price": (("AVG PRICE", 1.0), ("PRICE", 0.8), ("AVG UNIT PRICE", 1.0)),
    },
}
