-- 005: the code lists (catálogos); the same as SQLite's 005.

-- The code lists (menu 2.6 Catálogos) and every code a document may carry is
-- checked against.  One table of entries for all lists: a code is looked up
-- by (catalog, code), the list's primary key.  `aduana catalog import` loads
-- the lists from files (data/ and Debian's iso-codes), each in one
-- transaction; the short, stable ones are here.
CREATE TABLE catalog (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    position     INTEGER NOT NULL,
    origin       TEXT NOT NULL,
    licence      TEXT NOT NULL,
    entries      INTEGER NOT NULL DEFAULT 0,
    imported_at  BIGINT
);

INSERT INTO catalog (code, name, name_en, position, origin, licence) VALUES
    ('hs', 'Sistema Armonizado 2022 (capítulos, partidas y subpartidas)', 'Harmonized System 2022 (chapters, headings and subheadings)', 10,
     'UN Comtrade, vía github.com/datasets/harmonized-system (data/hs2022.csv)', 'ODC-PDDL-1.0'),
    ('locode', 'UN/LOCODE: lugares del Ecuador', 'UN/LOCODE: places in Ecuador', 20,
     'UNECE, edición 2014, vía github.com/datasets/un-locode (data/unlocode_ec_2014.csv)', 'ODC-PDDL-1.0'),
    ('country', 'Países (ISO 3166-1)', 'Countries (ISO 3166-1)', 30,
     'Debian iso-codes (nombres en español de sus traducciones)', 'LGPL-2.1+'),
    ('currency', 'Monedas (ISO 4217)', 'Currencies (ISO 4217)', 40,
     'Debian iso-codes (nombres en español de sus traducciones)', 'LGPL-2.1+'),
    ('unit', 'Unidades de medida (UNECE Rec. 20)', 'Units of measure (UNECE Rec. 20)', 50,
     'UNECE, rev. 14, vía github.com/datasets/unece-units-of-measure (data/rec20_units.csv)', 'ODC-PDDL-1.0'),
    ('package', 'Tipos de embalaje (UNECE Rec. 21)', 'Package types (UNECE Rec. 21)', 60,
     'UNECE, vía github.com/edi3 (data/rec21_package_types.csv)', 'PDDL'),
    ('transport', 'Modos de transporte (UNECE Rec. 19)', 'Modes of transport (UNECE Rec. 19)', 70,
     'UNECE Rec. 19; nombres en español del proyecto', 'ODC-PDDL-1.0'),
    ('incoterm', 'Incoterms 2020', 'Incoterms 2020', 80,
     'Códigos de la Cámara de Comercio Internacional; nombres en español del proyecto', 'códigos de uso público');

CREATE TABLE catalog_entry (
    catalog    TEXT NOT NULL REFERENCES catalog (code),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    name_en    TEXT NOT NULL DEFAULT '',
    parent     TEXT NOT NULL DEFAULT '',
    level      INTEGER NOT NULL DEFAULT 0,
    extra      TEXT NOT NULL DEFAULT '',
    name_fold  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (catalog, code)
);

INSERT INTO catalog_entry (catalog, code, name, name_en, name_fold) VALUES
    ('transport', '0', 'Modo de transporte no especificado', 'Transport mode not specified', 'modo de transporte no especificado'),
    ('transport', '1', 'Transporte marítimo', 'Maritime transport', 'transporte maritimo'),
    ('transport', '2', 'Transporte ferroviario', 'Rail transport', 'transporte ferroviario'),
    ('transport', '3', 'Transporte por carretera', 'Road transport', 'transporte por carretera'),
    ('transport', '4', 'Transporte aéreo', 'Air transport', 'transporte aereo'),
    ('transport', '5', 'Correo', 'Mail', 'correo'),
    ('transport', '6', 'Transporte multimodal', 'Multimodal transport', 'transporte multimodal'),
    ('transport', '7', 'Instalación fija de transporte', 'Fixed transport installation', 'instalacion fija de transporte'),
    ('transport', '8', 'Navegación interior', 'Inland water transport', 'navegacion interior'),
    ('transport', '9', 'Modo de transporte no aplicable', 'Transport mode not applicable', 'modo de transporte no aplicable'),
    ('incoterm', 'EXW', 'En fábrica', 'Ex Works', 'en fabrica'),
    ('incoterm', 'FCA', 'Franco transportista', 'Free Carrier', 'franco transportista'),
    ('incoterm', 'CPT', 'Transporte pagado hasta', 'Carriage Paid To', 'transporte pagado hasta'),
    ('incoterm', 'CIP', 'Transporte y seguro pagados hasta', 'Carriage and Insurance Paid To', 'transporte y seguro pagados hasta'),
    ('incoterm', 'DAP', 'Entregada en lugar', 'Delivered at Place', 'entregada en lugar'),
    ('incoterm', 'DPU', 'Entregada en lugar descargada', 'Delivered at Place Unloaded', 'entregada en lugar descargada'),
    ('incoterm', 'DDP', 'Entregada derechos pagados', 'Delivered Duty Paid', 'entregada derechos pagados'),
    ('incoterm', 'FAS', 'Franco al costado del buque', 'Free Alongside Ship', 'franco al costado del buque'),
    ('incoterm', 'FOB', 'Franco a bordo', 'Free On Board', 'franco a bordo'),
    ('incoterm', 'CFR', 'Costo y flete', 'Cost and Freight', 'costo y flete'),
    ('incoterm', 'CIF', 'Costo, seguro y flete', 'Cost, Insurance and Freight', 'costo, seguro y flete');
UPDATE catalog SET entries = (SELECT count(*) FROM catalog_entry e WHERE e.catalog = catalog.code)
 WHERE code IN ('transport', 'incoterm');

-- 2.6 Catálogos now has its screen.
UPDATE menu_option SET screen = '/catalogos' WHERE id = '2.6';
