-- 007: 1.6 e-Documentos has its screen.
UPDATE menu_option SET screen = '/edocumentos' WHERE id = '1.6';
