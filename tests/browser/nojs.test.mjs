// Every page works without JavaScript: on the OCE screen the button
// "Mostrar códigos" refreshes the list of codes instead of app.js.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, useApp, axeCheck, noPortalScript, shot, signIn, optionTexts, assertNoProblems, NAVIERA, AGENTE } from './lib.mjs';

const app = useApp();

test('sin JavaScript: "Mostrar códigos" está visible y actualiza la lista de códigos', T, async () => {
  const page = await app.newPage({ javaScriptEnabled: false });
  await signIn(page, NAVIERA);
  assert.equal(new URL(page.url()).pathname, '/oce');
  const mostrar = page.getByRole('button', { name: 'Mostrar códigos' });
  assert.ok(await mostrar.isVisible());
  const tipo = page.getByLabel('Tipo de OCE', { exact: true });
  const codigo = page.getByLabel('Código de OCE', { exact: true });
  assert.deepEqual(await optionTexts(codigo), ['-- Seleccione --', '05909025', '05909026']);
  await shot(page, 'oce-sin-js');

  // Choosing the type alone changes nothing without JavaScript ...
  await tipo.selectOption({ label: '[06] AGENTE DE CARGA / CONSOLIDADORA' });
  assert.equal(new URL(page.url()).search, '');
  assert.deepEqual(await optionTexts(codigo), ['-- Seleccione --', '05909025', '05909026']);
  // ... "Mostrar códigos" refreshes the list: the only [06] code, selected.
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/oce' && u.searchParams.get('tipo') === '06'),
    mostrar.click(),
  ]);
  assert.equal(await tipo.inputValue(), '06');
  assert.deepEqual(await optionTexts(codigo), ['05909027']);
  assert.equal(await codigo.inputValue(), '05909027');
  assert.ok(await mostrar.isVisible());

  // Back to [02], choose a code, Ingresar.
  await tipo.selectOption({ label: '[02] LINEA NAVIERA' });
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('tipo') === '02'),
    mostrar.click(),
  ]);
  assert.deepEqual(await optionTexts(codigo), ['-- Seleccione --', '05909025', '05909026']);
  await codigo.selectOption('05909026');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/principal'),
    page.getByRole('button', { name: 'Ingresar' }).click(),
  ]);
  assert.match(await page.locator('header').innerText(), /OCE 05909026 \[02\]/);

  // The rest of the portal too: search, a notice, sign out.
  await page.getByLabel('Buscar notificaciones por asunto', { exact: true }).fill('Aceptado');
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('q') === 'Aceptado'),
    page.getByRole('button', { name: 'Consultar' }).click(),
  ]);
  await Promise.all([
    page.waitForURL(/\/notificaciones\/\d+$/),
    page.locator('tbody').getByRole('link').first().click(),
  ]);
  await page.getByRole('link', { name: '« Volver a Notificaciones electrónicas' }).waitFor();
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('salida') === '1'),
    page.getByRole('button', { name: 'Cerrar sesión' }).click(),
  ]);
  assertNoProblems(page);
  await page.context().close();
});

test('sin JavaScript: un usuario con un solo código lo tiene ya seleccionado', T, async () => {
  const page = await app.newPage({ javaScriptEnabled: false });
  await signIn(page, AGENTE);
  assert.deepEqual(await optionTexts(page.getByLabel('Tipo de OCE', { exact: true })), ['[04] AGENTE DE ADUANA']);
  assert.deepEqual(await optionTexts(page.getByLabel('Código de OCE', { exact: true })), ['23902040']);
  assert.equal(await page.getByLabel('Código de OCE', { exact: true }).inputValue(), '23902040');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/principal'),
    page.getByRole('button', { name: 'Ingresar' }).click(),
  ]);
  assert.match(await page.locator('header').innerText(), /OCE 23902040 \[04\]/);
  assertNoProblems(page);
  await page.context().close();
});

test('sin el script del portal, la pantalla de OCE no tiene fallas de accesibilidad', T, async () => {
  // axe needs JavaScript in the page: serve app.js empty instead.
  const page = await app.newPage();
  await noPortalScript(page);
  await signIn(page, NAVIERA);
  assert.ok(await page.getByRole('button', { name: 'Mostrar códigos' }).isVisible());
  await axeCheck(page, 'oce without app.js');
  await page.getByLabel('Tipo de OCE', { exact: true }).selectOption({ label: '[06] AGENTE DE CARGA / CONSOLIDADORA' });
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('tipo') === '06'),
    page.getByRole('button', { name: 'Mostrar códigos' }).click(),
  ]);
  await axeCheck(page, 'oce [06] without app.js');
  assertNoProblems(page);
  await page.context().close();
});
