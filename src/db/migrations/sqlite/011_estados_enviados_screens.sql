-- 011: 1.3 Integración de estados del trámite and 1.8 Consulta de e-Docs enviados have their screens.
UPDATE menu_option SET screen = '/estados' WHERE id = '1.3';
UPDATE menu_option SET screen = '/enviados' WHERE id = '1.8';
