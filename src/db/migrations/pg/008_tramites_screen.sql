-- 008: Estado de Trámite Integral has its screen.
UPDATE menu_option SET screen = '/tramites' WHERE id = 'VU-EST';
