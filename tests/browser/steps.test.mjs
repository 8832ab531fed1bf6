// Steps 1–3 of the user guide (PROCEDIMIENTO), followed by visible labels and
// roles: the home page, signing in, choosing the OCE, the main page with the
// electronic notifications and the four menus, a notice, the guide, signing out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  T, useApp, axeCheck, shot, signIn, signInWithOce, chooseType, optionTexts, assertNoProblems, NAVIERA,
} from './lib.mjs';

const app = useApp();

const MENUS = ['Trámites Operativos', 'Servicios Informativos', 'Soporte al Cliente', 'Ventanilla Única'];
const COLUMNS = ['Estado', 'De', 'Destinatario', 'Asunto', 'Fecha'];
const NEWEST = 'Notificación de Canal de Aforo - 028-2026-10-00001271';
const OLDEST = 'COMUNICADO DE ADUANA - ALERTA DE DESBLOQUEO';

// The rows of the notifications table as arrays of cell texts.
async function rows(page) {
  return page.getByRole('table', { name: 'Notificaciones electrónicas' })
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
}

test('paso 1: la página de inicio muestra el formulario, las noticias y los menús públicos', T, async () => {
  const page = await app.newPage();
  const res = await page.goto('/');
  assert.equal(res.status(), 200);
  assert.match(await page.title(), /Iniciar sesión/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'es');
  await page.getByRole('heading', { level: 1, name: 'Iniciar sesión' }).waitFor();
  for (const label of ['RUC', 'ID. Usuario', 'Contraseña'])
    assert.ok(await page.getByLabel(label, { exact: true }).isEditable(), `${label} is editable`);
  assert.equal(await page.getByLabel('Contraseña', { exact: true }).getAttribute('type'), 'password');
  assert.ok(await page.getByRole('button', { name: 'Iniciar sesión' }).isVisible());
  assert.ok(await page.getByRole('heading', { name: 'HOMOLOGACIÓN EN ADUANA CON RUC' }).isVisible());
  assert.ok(await page.getByRole('heading', { level: 2, name: 'Trámites Operativos' }).isVisible());
  assert.ok(await page.getByRole('heading', { level: 2, name: 'Servicios Informativos' }).isVisible());
  // The other two menus are only for signed-in users.
  assert.equal(await page.getByRole('heading', { name: 'Soporte al Cliente' }).count(), 0);
  assert.equal(await page.getByRole('heading', { name: 'Ventanilla Única' }).count(), 0);
  // Nothing private on the public page.
  assert.equal(await page.getByRole('button', { name: 'Cerrar sesión' }).count(), 0);
  await shot(page, 'home');
  await axeCheck(page, 'home');
  assertNoProblems(page);
  await page.context().close();
});

test('pasos 2–3: iniciar sesión, elegir el Tipo y el Código de OCE, Ingresar', T, async () => {
  const page = await app.newPage();
  await signIn(page, NAVIERA);
  assert.equal(new URL(page.url()).pathname, '/oce');
  await page.getByRole('heading', { level: 1, name: 'Seleccione el Tipo de OCE' }).waitFor();

  // RUC and ID. Usuario are shown read-only.
  const ruc = page.getByLabel('RUC', { exact: true });
  const usuario = page.getByLabel('ID. Usuario', { exact: true });
  assert.equal(await ruc.inputValue(), NAVIERA.ruc);
  assert.equal(await usuario.inputValue(), NAVIERA.usuario);
  assert.equal(await ruc.isEditable(), false);
  assert.equal(await usuario.isEditable(), false);

  const tipo = page.getByLabel('Tipo de OCE', { exact: true });
  const codigo = page.getByLabel('Código de OCE', { exact: true });
  assert.deepEqual(await optionTexts(tipo), ['[02] LINEA NAVIERA', '[06] AGENTE DE CARGA / CONSOLIDADORA']);
  assert.equal(await tipo.inputValue(), '02');
  assert.deepEqual(await optionTexts(codigo), ['-- Seleccione --', '05909025', '05909026']);
  assert.equal(await codigo.inputValue(), '');
  // With JavaScript the list refreshes by itself: the button is hidden.
  assert.equal(await page.getByRole('button', { name: 'Mostrar códigos' }).isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Mostrar códigos' }).count(), 0,
    'the hidden button is out of the accessibility tree');
  const form = page.locator('form[action="/oce"]');
  assert.ok(await form.getByRole('button', { name: 'Cerrar sesión' }).isVisible());
  assert.ok(await form.getByRole('button', { name: 'Ingresar' }).isVisible());
  await shot(page, 'oce');
  await axeCheck(page, 'oce');

  // [06]: a single code, already selected.
  await chooseType(page, '[06] AGENTE DE CARGA / CONSOLIDADORA');
  assert.equal(await page.getByLabel('Tipo de OCE', { exact: true }).inputValue(), '06');
  assert.deepEqual(await optionTexts(page.getByLabel('Código de OCE', { exact: true })), ['05909027']);
  assert.equal(await page.getByLabel('Código de OCE', { exact: true }).inputValue(), '05909027');
  assert.equal(await page.getByLabel('RUC', { exact: true }).inputValue(), NAVIERA.ruc);

  // Back to [02]: two codes to choose from.
  await chooseType(page, '[02] LINEA NAVIERA');
  assert.deepEqual(await optionTexts(page.getByLabel('Código de OCE', { exact: true })), ['-- Seleccione --', '05909025', '05909026']);
  await page.getByLabel('Código de OCE', { exact: true }).selectOption('05909026');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/principal'),
    page.getByRole('button', { name: 'Ingresar' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Notificaciones electrónicas' }).waitFor();
  assert.match(await page.locator('header').innerText(), /naviera · RUC 0992339411001 · OCE 05909026 \[02\]/);
  assertNoProblems(page);
  await page.context().close();
});

test('Ingresar sin elegir un Código de OCE muestra el error junto a la lista', T, async () => {
  const page = await app.newPage();
  await signIn(page, NAVIERA);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.getByText('Seleccione un Código de OCE.').first().waitFor();
  const codigo = page.getByLabel('Código de OCE', { exact: true });
  assert.equal(await codigo.getAttribute('aria-invalid'), 'true');
  const described = await codigo.getAttribute('aria-describedby');
  assert.equal(await page.locator(`#${described}`).innerText(), 'Seleccione un Código de OCE.');
  // app.js moves the focus to the error summary.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'errores');
  await shot(page, 'oce-error');
  await axeCheck(page, 'oce with error');
  assertNoProblems(page, [/status of 400/]);
  await page.context().close();
});

test('página principal: tabla de notificaciones, insignias "No leído" y los cuatro menús', T, async () => {
  const page = await app.newPage();
  await signInWithOce(page, NAVIERA, '[02] LINEA NAVIERA', '05909025');
  assert.match(await page.title(), /Notificaciones electrónicas/);

  // Header: guide link, sign-out button, search box.
  const header = page.locator('header');
  assert.ok(await header.getByRole('link', { name: 'Guía del uso' }).isVisible());
  assert.ok(await header.getByRole('button', { name: 'Cerrar sesión' }).isVisible());
  assert.ok(await page.getByLabel('Buscar notificaciones por asunto', { exact: true }).isEditable());
  assert.ok(await page.getByRole('button', { name: 'Consultar' }).isVisible());
  assert.ok(await page.getByRole('search').isVisible());

  const table = page.getByRole('table', { name: 'Notificaciones electrónicas' });
  const headers = await table.getByRole('columnheader').allInnerTexts();
  assert.deepEqual(headers.map((h) => h.trim()), COLUMNS);
  for (const name of COLUMNS)
    assert.equal(await table.getByRole('columnheader', { name, exact: true }).count(), 1, name);

  // 26 notices, 20 per page, newest first, all unread.
  assert.match(await page.getByText(/sin leer/).innerText(), /^26 sin leer · 26 en total$/);
  const r = await rows(page);
  assert.equal(r.length, 20);
  assert.deepEqual(r[0].slice(0, 4), ['No leído', 'SENAE', 'BUZON PERSONAL', NEWEST]);
  assert.match(r[0][4], /^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
  assert.equal(await table.getByText('No leído', { exact: true }).count(), 20);

  for (const name of MENUS)
    assert.ok(await page.getByRole('heading', { level: 2, name }).isVisible(), name);
  // Each menu is a region named by its heading, with options or a note.
  for (const name of MENUS) {
    const region = page.getByRole('region', { name });
    assert.equal(await region.count(), 1, name);
    const items = await region.getByRole('listitem').count();
    const note = await region.getByText('Su tipo de OCE no tiene opciones en este menú.').count();
    assert.ok(items > 0 || note === 1, `${name}: options or a note`);
  }
  await shot(page, 'principal');
  await axeCheck(page, 'principal');

  // "Guía del uso" opens the guide.
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/guia'),
    header.getByRole('link', { name: 'Guía del uso' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Guía del uso' }).waitFor();
  for (const name of ['1. Ingreso al portal', '2. Selección del OCE', '3. Página principal y notificaciones electrónicas'])
    assert.ok(await page.getByRole('heading', { level: 2, name }).isVisible(), name);
  // The table of contents jumps to the sections.
  await page.getByRole('navigation', { name: 'Contenido' }).getByRole('link', { name: 'Selección del OCE' }).click();
  await page.waitForURL((u) => u.hash === '#oce');
  await shot(page, 'guia');
  await axeCheck(page, 'guia');
  assertNoProblems(page);
  await page.context().close();
});

test('buscar notificaciones por asunto con Consultar', T, async () => {
  const page = await app.newPage();
  await signInWithOce(page);
  await page.getByLabel('Buscar notificaciones por asunto', { exact: true }).fill('canal de aforo');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/principal' && u.searchParams.get('q') === 'canal de aforo'),
    page.getByRole('button', { name: 'Consultar' }).click(),
  ]);
  const r = await rows(page);
  assert.equal(r.length, 1, 'one notice matches, case-insensitively');
  assert.equal(r[0][3], NEWEST);
  assert.equal(await page.getByLabel('Buscar notificaciones por asunto', { exact: true }).inputValue(), 'canal de aforo');
  assert.match(await page.getByText(/con asunto que contiene/).innerText(), /1 con asunto que contiene «canal de aforo»/);
  await shot(page, 'principal-busqueda');

  // A search with no match says so; "Ver todas" clears it.
  await page.getByLabel('Buscar notificaciones por asunto', { exact: true }).fill('no existe tal asunto');
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('q') === 'no existe tal asunto'),
    page.getByLabel('Buscar notificaciones por asunto', { exact: true }).press('Enter'),
  ]);
  assert.ok(await page.getByText('No hay notificaciones.').isVisible());
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/principal' && !u.searchParams.has('q')),
    page.getByRole('link', { name: 'Ver todas' }).click(),
  ]);
  assert.equal((await rows(page)).length, 20);
  assertNoProblems(page);
  await page.context().close();
});

test('abrir una notificación la marca como leída al volver', T, async () => {
  const page = await app.newPage();
  await signInWithOce(page);
  const before = await rows(page);
  assert.equal(before[0][0], 'No leído');
  const unreadBefore = Number((await page.getByText(/sin leer/).innerText()).split(' ')[0]);

  await Promise.all([
    page.waitForURL(/\/notificaciones\/\d+$/),
    page.getByRole('link', { name: NEWEST }).click(),
  ]);
  assert.match(await page.title(), /Notificación electrónica/);
  await page.getByRole('heading', { level: 1, name: NEWEST }).waitFor();
  const body = await page.locator('article').innerText();
  assert.match(body, /La declaración 028-2026-10-00001271 fue asignada al canal de aforo AUTOMÁTICO\./);
  assert.match(body, /SENAE/);
  assert.match(body, /BUZON PERSONAL/);
  // The read date is shown.
  const meta = await page.locator('dl').innerText();
  assert.match(meta, /Leído\s+\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d/);
  await shot(page, 'notificacion');
  await axeCheck(page, 'notificacion');

  await Promise.all([
    page.waitForURL((u) => u.pathname === '/principal'),
    page.getByRole('link', { name: '« Volver a Notificaciones electrónicas' }).click(),
  ]);
  const after = await rows(page);
  assert.equal(after[0][3], NEWEST);
  assert.equal(after[0][0], 'Leído');
  assert.equal(await page.locator('tbody tr').first().getAttribute('class'), null, 'no longer bold');
  assert.equal(after[1][0], 'No leído', 'the others stay unread');
  const unreadAfter = Number((await page.getByText(/sin leer/).innerText()).split(' ')[0]);
  assert.equal(unreadAfter, unreadBefore - 1);
  assertNoProblems(page);
  await page.context().close();
});

test('paginación: "Siguiente »" y "« Anterior"', T, async () => {
  const page = await app.newPage();
  await signInWithOce(page);
  const pager = page.getByRole('navigation', { name: 'Páginas de notificaciones' });
  assert.match(await pager.innerText(), /Página 1 de 2/);
  assert.equal(await pager.getByRole('link', { name: '« Anterior' }).count(), 0);
  const first = await rows(page);
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('pagina') === '2'),
    pager.getByRole('link', { name: 'Siguiente »' }).click(),
  ]);
  assert.match(await pager.innerText(), /Página 2 de 2/);
  assert.equal(await pager.getByRole('link', { name: 'Siguiente »' }).count(), 0);
  const second = await rows(page);
  assert.equal(second.length, 6);
  assert.equal(second.at(-1)[3], OLDEST);
  const subjects = new Set(first.map((r) => r[3]));
  assert.ok(second.every((r) => !subjects.has(r[3])), 'page 2 repeats nothing of page 1');
  await shot(page, 'principal-pagina-2');
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('pagina') === '1'),
    pager.getByRole('link', { name: '« Anterior' }).click(),
  ]);
  assert.deepEqual((await rows(page)).map((r) => r[3]), first.map((r) => r[3]));
  assertNoProblems(page);
  await page.context().close();
});

test('Cambiar OCE desde la página principal, sin cerrar la sesión', T, async () => {
  const page = await app.newPage();
  await signInWithOce(page);
  const who = page.locator('header .who');
  assert.match(await who.innerText(), /OCE 05909025 \[02\]/);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/oce'),
    who.getByRole('link', { name: 'Cambiar OCE' }).click(),
  ]);
  // The form shows the code in use; the user picks another of the same type.
  assert.equal(await page.getByLabel('Código de OCE', { exact: true }).inputValue(), '05909025');
  await page.getByLabel('Código de OCE', { exact: true }).selectOption('05909026');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/principal'),
    page.getByRole('button', { name: 'Ingresar' }).click(),
  ]);
  assert.match(await page.locator('header .who').innerText(), /OCE 05909026 \[02\]/);
  // And to a code of another type.
  await page.locator('header .who').getByRole('link', { name: 'Cambiar OCE' }).click();
  await chooseType(page, '[06] AGENTE DE CARGA / CONSOLIDADORA');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/principal'),
    page.getByRole('button', { name: 'Ingresar' }).click(),
  ]);
  assert.match(await page.locator('header .who').innerText(), /OCE 05909027 \[06\]/);
  assertNoProblems(page);
  await page.context().close();
});

test('Consultar no distingue mayúsculas ni tildes', T, async () => {
  const page = await app.newPage();
  await signInWithOce(page);
  const box = page.getByLabel('Buscar notificaciones por asunto', { exact: true });
  await box.fill('NOTIFICACION DE CANAL');
  await Promise.all([page.waitForURL((u) => u.searchParams.has('q')), box.press('Enter')]);
  const r = await rows(page);
  assert.equal(r.length, 1);
  assert.equal(r[0][3], NEWEST);
  assertNoProblems(page);
  await page.context().close();
});

test('Cerrar sesión desde la página principal; /principal vuelve al formulario de ingreso', T, async () => {
  const page = await app.newPage();
  await signInWithOce(page);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('salida') === '1'),
    page.locator('header').getByRole('button', { name: 'Cerrar sesión' }).click(),
  ]);
  assert.ok(await page.getByRole('status').filter({ hasText: 'Su sesión se cerró correctamente.' }).isVisible());
  await page.getByRole('button', { name: 'Iniciar sesión' }).waitFor();

  // The browser's Back button does not show the notices again (no-store).
  await page.goBack();
  assert.equal(await page.getByRole('table', { name: 'Notificaciones electrónicas' }).count(), 0,
    `Back shows no notices (at ${page.url()})`);

  await page.goto('/principal');
  assert.equal(new URL(page.url()).pathname, '/');
  assert.ok(await page.getByRole('button', { name: 'Iniciar sesión' }).isVisible());
  assert.ok(await page.getByLabel('RUC', { exact: true }).isVisible());
  assert.equal(await page.getByRole('table').count(), 0);
  // A notice is not reachable either.
  await page.goto('/notificaciones/1');
  assert.equal(new URL(page.url()).pathname, '/');
  assertNoProblems(page);
  await page.context().close();
});

test('Cerrar sesión desde la pantalla de OCE', T, async () => {
  const page = await app.newPage();
  await signIn(page, NAVIERA);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('salida') === '1'),
    page.locator('form[action="/oce"]').getByRole('button', { name: 'Cerrar sesión' }).click(),
  ]);
  await page.goto('/oce');
  assert.equal(new URL(page.url()).pathname, '/');
  assertNoProblems(page);
  await page.context().close();
});
