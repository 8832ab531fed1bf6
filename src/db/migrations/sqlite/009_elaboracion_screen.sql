-- 009: 1.1 Elaboración de e-Doc. operativo has its screen.
UPDATE menu_option SET screen = '/elaboracion' WHERE id = '1.1';
