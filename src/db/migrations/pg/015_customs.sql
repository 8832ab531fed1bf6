-- 015: the customs side (the same as SQLite's 015) — districts, the state machine's rules, the canal de
-- aforo's rule sets (versioned), the demonstration tariff rates, the
-- numbers an accepted declaration gets, and the requests to change a channel.

-- The customs districts (distritos aduaneros) of SENAE [I]: a code list like
-- the others (2.6 Catálogos, 1.6 code lists), which a declaration's
-- CustomsDistrict must be in and officers belong to.
INSERT INTO catalog (code, name, name_en, position, origin, licence, entries) VALUES
    ('district', 'Distritos aduaneros', 'Customs districts', 90,
     'SENAE; lista del proyecto (códigos de 3 dígitos)', 'datos públicos', 11);
INSERT INTO catalog_entry (catalog, code, name, name_en, name_fold) VALUES
    ('district', '019', 'Guayaquil Aéreo', 'Guayaquil Air', 'guayaquil aereo'),
    ('district', '028', 'Guayaquil Marítimo', 'Guayaquil Maritime', 'guayaquil maritimo'),
    ('district', '037', 'Manta', 'Manta', 'manta'),
    ('district', '046', 'Esmeraldas', 'Esmeraldas', 'esmeraldas'),
    ('district', '055', 'Quito', 'Quito', 'quito'),
    ('district', '064', 'Puerto Bolívar', 'Puerto Bolivar', 'puerto bolivar'),
    ('district', '073', 'Tulcán', 'Tulcan', 'tulcan'),
    ('district', '082', 'Huaquillas', 'Huaquillas', 'huaquillas'),
    ('district', '091', 'Cuenca', 'Cuenca', 'cuenca'),
    ('district', '109', 'Loja - Macará', 'Loja - Macara', 'loja - macara'),
    ('district', '127', 'Latacunga', 'Latacunga', 'latacunga');

-- Who may move a document from which state by which action (domain/workflow.h).
-- Actors: the declarant (the operator who sent it), the system, and the
-- officers' roles.  Changing a row changes the portal's rules at the next start.
CREATE TABLE workflow_rule (
    action      TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    actor       TEXT NOT NULL,
    PRIMARY KEY (action, from_state, actor)
);
INSERT INTO workflow_rule (action, from_state, to_state, actor) VALUES
    ('aceptar', 'Registrado', 'Aceptado', 'sistema'),
    ('aceptar', 'Registrado', 'Aceptado', 'recepcion'),
    ('aceptar', 'Registrado', 'Aceptado', 'supervisor'),
    ('rechazar', 'Registrado', 'Rechazado', 'recepcion'),
    ('rechazar', 'Registrado', 'Rechazado', 'supervisor'),
    ('observar', 'Registrado', 'Subsanación', 'recepcion'),
    ('observar', 'Registrado', 'Subsanación', 'supervisor'),
    ('corregir', 'Subsanación', 'Registrado', 'declarante'),
    ('aprobar', 'Aceptado', 'Aprobado', 'sistema'),
    ('aprobar', 'Aceptado', 'Aprobado', 'aforo'),
    ('aprobar', 'Aceptado', 'Aprobado', 'supervisor'),
    ('negar', 'Aceptado', 'Negado', 'aforo'),
    ('negar', 'Aceptado', 'Negado', 'supervisor'),
    ('anular', 'Registrado', 'Anulado', 'declarante'),
    ('anular', 'Registrado', 'Anulado', 'supervisor'),
    ('anular', 'Subsanación', 'Anulado', 'declarante'),
    ('anular', 'Subsanación', 'Anulado', 'supervisor'),
    ('anular', 'Aceptado', 'Anulado', 'supervisor'),
    ('reasignar', 'Registrado', 'Registrado', 'supervisor'),
    ('reasignar', 'Aceptado', 'Aceptado', 'supervisor'),
    ('cambiar_canal', 'Aceptado', 'Aceptado', 'supervisor');

-- The canal de aforo's rule sets (domain/risk.h).  An admin's every change
-- makes a new version (a copy with the change); the highest version is in
-- force, and every decision records the version and the rule that fired.
CREATE TABLE risk_ruleset (
    version        BIGINT PRIMARY KEY,
    created_at     BIGINT NOT NULL,
    created_by     BIGINT REFERENCES app_user (id),
    auto_accept    INTEGER NOT NULL CHECK (auto_accept IN (0, 1)),
    default_canal  TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE TABLE risk_rule (
    version   BIGINT NOT NULL REFERENCES risk_ruleset (version),
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    doc_type  TEXT NOT NULL DEFAULT '',
    code      TEXT NOT NULL DEFAULT '',
    amount    BIGINT NOT NULL DEFAULT 0,
    canal     TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (version, position)
);
-- Version 1, a demonstration: declarations accepted with no officer, the
-- automatic channel unless a rule asks for more.  No random sampling: an
-- admin adds it (tests and demos stay predictable).
INSERT INTO risk_ruleset (version, created_at, created_by, auto_accept, default_canal, note) VALUES
    (1, 0, NULL, 1, 'automatico', 'Reglas iniciales de demostración');
INSERT INTO risk_rule (version, position, kind, doc_type, code, amount, canal, note) VALUES
    (1, 1, 'hs', '', '93', 0, 'fisico_intrusivo', 'Armas y municiones: inspección física'),
    (1, 2, 'hs', 'DAI', '2402', 0, 'fisico_no_intrusivo', 'Cigarrillos: control por escáner'),
    (1, 3, 'hs', 'DAI', '30', 0, 'documental', 'Medicamentos: registro sanitario'),
    (1, 4, 'valor', 'DAI', '', 10000000, 'documental', 'Valor en aduana desde USD 100.000'),
    (1, 5, 'historial', '', '', 3, 'fisico_intrusivo', 'Operadores con 3 o más rechazos o negativas en el año');

-- Ad-valorem and ICE rates by subpartida prefix, in basis points (0.01 %):
-- a DEMONSTRATION table (the UI says so) until the tariff is imported.  The
-- longest prefix of an item's subpartida applies; '' is the general rate.
CREATE TABLE tariff_rate (
    prefix        TEXT PRIMARY KEY,
    advalorem_bp  INTEGER NOT NULL CHECK (advalorem_bp BETWEEN 0 AND 100000),
    ice_bp        INTEGER NOT NULL DEFAULT 0 CHECK (ice_bp BETWEEN 0 AND 100000),
    note          TEXT NOT NULL DEFAULT ''
);
INSERT INTO tariff_rate (prefix, advalorem_bp, ice_bp, note) VALUES
    ('', 1000, 0, 'Tarifa general de demostración'),
    ('0901', 2000, 0, 'Café'),
    ('2203', 2500, 7500, 'Cerveza'),
    ('2402', 3000, 15000, 'Cigarrillos'),
    ('30', 0, 0, 'Productos farmacéuticos'),
    ('61', 3000, 0, 'Prendas de vestir de punto'),
    ('62', 3000, 0, 'Prendas de vestir, excepto de punto'),
    ('84', 500, 0, 'Máquinas y aparatos mecánicos'),
    ('8471', 0, 0, 'Máquinas de procesamiento de datos'),
    ('85', 1500, 0, 'Máquinas y aparatos eléctricos'),
    ('8703', 3500, 1500, 'Vehículos de turismo');

-- The numbers of accepted declarations, gapless (allocated in the
-- transaction that accepts, like entrega_seq).
CREATE TABLE declaration_seq (
    district  TEXT NOT NULL,
    year      INTEGER NOT NULL,
    regime    TEXT NOT NULL,
    last      BIGINT NOT NULL,
    PRIMARY KEY (district, year, regime)
);
CREATE TABLE liquidation_seq (
    district  TEXT NOT NULL,
    year      INTEGER NOT NULL,
    last      BIGINT NOT NULL,
    PRIMARY KEY (district, year)
);

-- The canal de aforo of an accepted DAI or DAE (NULL for the others): on
-- the document, for the officers' queue; the decision and the liquidation
-- beside it.
ALTER TABLE document ADD COLUMN canal TEXT;
CREATE INDEX document_queue ON document (district, state, created_at DESC, id DESC);

CREATE TABLE document_customs (
    document_id        BIGINT PRIMARY KEY REFERENCES document (id) ON DELETE CASCADE,
    declaration        TEXT NOT NULL UNIQUE,
    accepted_at        BIGINT NOT NULL,
    accepted_by        BIGINT REFERENCES app_user (id),
    risk_version       BIGINT,
    risk_rule          INTEGER,
    risk_why           TEXT NOT NULL DEFAULT '',
    liquidation        TEXT UNIQUE,
    customs_value      BIGINT NOT NULL DEFAULT 0,
    insurance          BIGINT NOT NULL DEFAULT 0,
    insurance_presumed INTEGER NOT NULL DEFAULT 0,
    advalorem          BIGINT NOT NULL DEFAULT 0,
    fodinfa            BIGINT NOT NULL DEFAULT 0,
    ice                BIGINT NOT NULL DEFAULT 0,
    iva                BIGINT NOT NULL DEFAULT 0,
    total              BIGINT NOT NULL DEFAULT 0
);

-- The declarant asks for another channel (physical inspection); a
-- supervisor grants or denies it.
CREATE TABLE canal_request (
    id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    document_id   BIGINT NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    requested_by  BIGINT NOT NULL REFERENCES app_user (id),
    requested_at  BIGINT NOT NULL,
    canal         TEXT NOT NULL,
    reason        TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'Pendiente' CHECK (state IN ('Pendiente', 'Concedida', 'Negada')),
    decided_by    BIGINT REFERENCES app_user (id),
    decided_at    BIGINT,
    decision      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX canal_request_doc ON canal_request (document_id, requested_at);
CREATE INDEX canal_request_pending ON canal_request (state, requested_at);
