-- 006: e-documents — types, who sends them, the número de entrega.

-- The document types operators send (data, not code): their names, the
-- namespace of their XML (schemas/TYPE.xsd) and which OCE types may send
-- each one.
CREATE TABLE doc_type (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    namespace TEXT NOT NULL UNIQUE,
    position  INTEGER NOT NULL
);
INSERT INTO doc_type (code, name, name_en, namespace, position) VALUES
    ('DAI', 'Declaración Aduanera de Importación', 'Import customs declaration', 'urn:wco:datamodel:EC:DAI:1:0:0', 10),
    ('DAE', 'Declaración Aduanera de Exportación', 'Export customs declaration', 'urn:wco:datamodel:EC:DAE:1:0:0', 20),
    ('MANIFIESTO', 'Manifiesto de carga', 'Cargo manifest', 'urn:wco:datamodel:EC:MANIFIESTO:1:0:0', 30),
    ('DOCTRANSPORTE', 'Documento de transporte', 'Transport document', 'urn:wco:datamodel:EC:DOCTRANSPORTE:1:0:0', 40);

CREATE TABLE doc_type_sender (
    doc_type  TEXT NOT NULL REFERENCES doc_type (code),
    oce_type  TEXT NOT NULL REFERENCES oce_type (code),
    PRIMARY KEY (doc_type, oce_type)
);
-- Declarations: the importer or exporter, or their customs broker (04).
-- Manifests: the carriers (shipping line 02, airline 05, road haulier 12).
-- Transport documents: carriers, cargo agents and consolidators (06), couriers (07).
INSERT INTO doc_type_sender (doc_type, oce_type) VALUES
    ('DAI', '01'), ('DAI', '04'),
    ('DAE', '03'), ('DAE', '04'),
    ('MANIFIESTO', '02'), ('MANIFIESTO', '05'), ('MANIFIESTO', '12'),
    ('DOCTRANSPORTE', '02'), ('DOCTRANSPORTE', '05'), ('DOCTRANSPORTE', '06'),
    ('DOCTRANSPORTE', '07'), ('DOCTRANSPORTE', '12');

-- The last sequence of each OCE code and year: the número de entrega is
-- allocated by one conditional upsert in the transaction that stores the
-- document, so it is gapless (a failed sending rolls its number back).
CREATE TABLE entrega_seq (
    oce_code  TEXT NOT NULL REFERENCES oce (code),
    year      INTEGER NOT NULL,
    last      INTEGER NOT NULL,
    PRIMARY KEY (oce_code, year)
);

-- A sending: received (with its número) or refused (transmission Error,
-- no número, its errors kept).  state is the document's, NULL when refused.
CREATE TABLE document (
    id            INTEGER PRIMARY KEY,
    numero        TEXT UNIQUE,
    doc_type      TEXT NOT NULL REFERENCES doc_type (code),
    oce_code      TEXT NOT NULL REFERENCES oce (code),
    user_id       INTEGER NOT NULL REFERENCES app_user (id),
    channel       TEXT NOT NULL CHECK (channel IN ('P', 'S')),
    transmission  TEXT NOT NULL CHECK (transmission IN ('Enviado', 'Recibido', 'Error')),
    state         TEXT CHECK (state IN ('Registrado', 'Aceptado', 'Rechazado', 'Aprobado', 'Negado',
                                        'Subsanación', 'Anulado')),
    district      TEXT,
    version       INTEGER NOT NULL DEFAULT 1,
    xml           TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    CHECK ((transmission = 'Error' AND numero IS NULL AND state IS NULL) OR
           (transmission <> 'Error' AND numero IS NOT NULL AND state IS NOT NULL))
);
CREATE INDEX document_oce ON document (oce_code, created_at DESC, id DESC);

CREATE TABLE document_error (
    document_id  INTEGER NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    n            INTEGER NOT NULL,
    path         TEXT NOT NULL,
    field        TEXT NOT NULL,
    line         INTEGER NOT NULL,
    message      TEXT NOT NULL,
    PRIMARY KEY (document_id, n)
);

-- What happened to a document, in order: who, when, from which state to which, why.
CREATE TABLE document_event (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    user_id      INTEGER REFERENCES app_user (id),
    from_state   TEXT,
    to_state     TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX document_event_doc ON document_event (document_id, at, id);
