-- 002: reference data — OCE types and the menu catalogue.
-- The real SENAE numbering of OCE types is not public: this is the project's
-- own catalogue; [02] LINEA NAVIERA is as in the user guide.

INSERT INTO oce_type (code, name) VALUES
    ('01', 'IMPORTADOR'),
    ('02', 'LINEA NAVIERA'),
    ('03', 'EXPORTADOR'),
    ('04', 'AGENTE DE ADUANA'),
    ('05', 'LINEA AEREA'),
    ('06', 'AGENTE DE CARGA / CONSOLIDADORA'),
    ('07', 'COURIER'),
    ('08', 'DEPOSITO TEMPORAL'),
    ('09', 'DEPOSITO ADUANERO'),
    ('10', 'OPERADOR PORTUARIO'),
    ('11', 'ZONA FRANCA'),
    ('12', 'TRANSPORTISTA TERRESTRE');

INSERT INTO menu_option (id, menu, number, title, title_en, position, public) VALUES
    ('1.1',   'TO', '1.1',   'Elaboración de e-Doc. operativo', 'Preparation of operational e-Docs', 10, 0),
    ('1.3',   'TO', '1.3',   'Integración de estados del trámite', 'Integrated status of procedures', 20, 1),
    ('1.6',   'TO', '1.6',   'e-Documentos', 'e-Documents', 30, 1),
    ('1.8',   'TO', '1.8',   'Consulta de e-Docs enviados', 'Sent e-Docs', 40, 0),
    ('1.10',  'TO', '1.10',  'Solicitud de Remisión de intereses, multas y recargos', 'Request for remission of interest, fines and surcharges', 50, 1),
    ('1.11',  'TO', '1.11',  'Solicitud de facilidades de pago', 'Request for payment facilities', 60, 1),
    ('TO-VEH','TO', '',      'Contrato de compraventa de vehículos (exonerados)', 'Sale contract of tax-exempt vehicles', 70, 1),
    ('TO-EXO','TO', '',      'Solicitud de Exoneración de tributos', 'Request for tax exemption', 80, 1),
    ('2.1.1', 'SI', '2.1.1', 'Consulta de arancel', 'Tariff look-up', 10, 1),
    ('2.6',   'SI', '2.6',   'Catálogos', 'Code lists', 20, 1),
    ('2.7',   'SI', '2.7',   'Consulta de Verificación', 'Verification of documents', 30, 1),
    ('2.11',  'SI', '2.11',  'Servicios de información de despacho y carga', 'Clearance and cargo information services', 40, 0),
    ('3.2.6', 'SI', '3.2.6', 'Resultado de solicitud', 'Result of a request', 50, 1),
    ('3.12',  'SI', '3.12',  'Consulta Solicitud de e-Documentos', 'Requests for e-Documents', 60, 1),
    ('SI-EXO','SI', '',      'Consulta Solicitud de Exoneración', 'Tax exemption requests', 70, 1),
    ('3.2',   'SC', '3.2',   'Solicitud del uso', 'Request for use', 10, 0),
    ('3.2.3', 'SC', '3.2.3', 'Modificar información del uso', 'Change user information', 20, 0),
    ('3.11.1','SC', '3.11.1','Consulta de atención al cliente', 'Customer support requests', 30, 0),
    ('VU-SOP','VU', '',      'Documentos de Soporte', 'Supporting documents', 10, 0),
    ('VU-ACO','VU', '',      'Documentos de Acompañamiento', 'Accompanying documents (permits)', 20, 0),
    ('VU-EST','VU', '',      'Estado de Trámite Integral', 'Integrated procedure status', 30, 0);

-- Options every operator type may use.  The user guide shows a shipping line
-- ([02] LINEA NAVIERA) with the Ventanilla Única menu, so it is everyone's too.
INSERT INTO menu_access (option_id, oce_type)
SELECT o.id, t.code FROM menu_option o CROSS JOIN oce_type t
 WHERE o.id IN ('1.1', '1.3', '1.6', '1.8', '2.1.1', '2.6', '2.7', '2.11', '3.2.6', '3.12',
                '3.2', '3.2.3', '3.11.1', 'VU-SOP', 'VU-ACO', 'VU-EST');

-- Remission of interest and payment facilities: those who owe duties —
-- importers, exporters, customs brokers.
INSERT INTO menu_access (option_id, oce_type)
SELECT o.id, t.code FROM menu_option o CROSS JOIN oce_type t
 WHERE o.id IN ('1.10', '1.11')
   AND t.code IN ('01', '03', '04');

-- Tax exemptions and exempt vehicles: importers and their brokers.
INSERT INTO menu_access (option_id, oce_type)
SELECT o.id, t.code FROM menu_option o CROSS JOIN oce_type t
 WHERE o.id IN ('TO-VEH', 'TO-EXO', 'SI-EXO')
   AND t.code IN ('01', '04');
