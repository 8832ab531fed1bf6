// 2.6 Catálogos, followed by visible labels and roles: from the home page's
// menu to a list, a search and the next page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, useApp, axeCheck, shot, assertNoProblems } from './lib.mjs';

const app = useApp();

test('2.6 Catálogos: del menú a una lista, buscar un país y pasar de página', T, async () => {
  const page = await app.newPage();
  await page.goto('/');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/catalogos'),
    page.getByRole('link', { name: '2.6 Catálogos' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Catálogos' }).waitFor();
  const lists = page.getByRole('table', { name: 'Catálogos' });
  assert.ok(await lists.getByRole('link', { name: 'Incoterms 2020' }).isVisible());
  await shot(page, 'catalogos');
  await axeCheck(page, 'catalogos');

  await Promise.all([
    page.waitForURL((u) => u.pathname === '/catalogos/country'),
    lists.getByRole('link', { name: 'Países (ISO 3166-1)' }).click(),
  ]);
  await page.getByLabel('Código o nombre', { exact: true }).fill('espana');
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('q') === 'espana'),
    page.getByRole('button', { name: 'Consultar' }).click(),
  ]);
  assert.equal(await page.getByRole('status').innerText(), 'Resultado : 1');
  const row = page.getByRole('table', { name: 'Países (ISO 3166-1)' }).locator('tbody tr');
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /ES\s+España\s+Spain\s+ESP/);
  await shot(page, 'catalogo-busqueda');
  await axeCheck(page, 'catalogo con búsqueda');

  // A long list pages by code: "Siguiente »" continues after the last one.
  await page.goto('/catalogos/hs');
  const first = await page.locator('tbody td.code').allInnerTexts();
  assert.equal(first.length, 50);
  await Promise.all([
    page.waitForURL((u) => u.searchParams.has('despues')),
    page.getByRole('link', { name: 'Siguiente »' }).click(),
  ]);
  const second = await page.locator('tbody td.code').allInnerTexts();
  assert.ok(second[0] > first.at(-1), `${second[0]} comes after ${first.at(-1)}`);
  assert.ok(await page.getByRole('link', { name: 'Primera' }).isVisible());
  assertNoProblems(page);
  await page.context().close();
});
