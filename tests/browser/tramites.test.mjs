// Estado de Trámite Integral in a browser: a shipping line sends a manifest,
// finds it from the Ventanilla Única menu, filters the list, fixes a wrong
// número de entrega, downloads the result as CSV, and reads it on a phone.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import {
  T, useApp, axeCheck, shot, signInWithOce, horizontalOverflow, assertNoProblems, repoRoot,
} from './lib.mjs';

const app = useApp();
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

async function sendManifest(page) {
  await page.goto('/edocumentos');
  await page.getByLabel('Archivo XML', { exact: true }).setInputFiles(path.join(repoRoot, 'schemas', 'samples', 'MANIFIESTO.xml'));
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/edocumentos'),
    page.getByRole('button', { name: 'Enviar' }).click(),
  ]);
  return (await page.locator('#numero').innerText()).trim();
}

test('Estado de Trámite Integral: buscar, filtrar, corregir un número y descargar CSV', T, async () => {
  const page = await app.newPage({ acceptDownloads: true });
  await signInWithOce(page);
  const first = await sendManifest(page);
  const second = await sendManifest(page);
  await page.goto('/principal');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/tramites'),
    page.getByRole('link', { name: 'Estado de Trámite Integral' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Estado de Trámite Integral' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Resultado : 2' }).waitFor();
  const table = page.getByRole('table', { name: 'Estado de Trámite Integral' });
  const numeros = await table.locator('tbody tr td:nth-child(3)').allInnerTexts();
  assert.deepEqual(numeros.map((s) => s.trim()), [second, first], 'newest first');
  await axeCheck(page, 'tramites');
  const form = page.getByRole('region', { name: 'Estado de Trámite Integral' });
  await shot(page, 'tramites');

  // One número de entrega, typed in.
  await page.getByLabel('Número de entrega', { exact: true }).fill(first);
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('numero') === first),
    form.getByRole('button', { name: 'Consultar' }).click(),
  ]);
  await page.getByRole('status').filter({ hasText: 'Resultado : 1' }).waitFor();

  // A wrong one: said where and how to fix it, the field keeps the text.
  await page.getByLabel('Número de entrega', { exact: true }).fill('0590902520260000');
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/tramites'),
    form.getByRole('button', { name: 'Consultar' }).click(),
  ]);
  assert.equal(res.status(), 400);
  const alert = page.getByRole('alert');
  await alert.getByText(/Número de entrega: tiene 21 caracteres/).waitFor();
  assert.equal(await page.getByLabel('Número de entrega', { exact: true }).inputValue(), '0590902520260000');
  assert.equal(await page.getByLabel('Número de entrega', { exact: true }).getAttribute('aria-invalid'), 'true');
  await axeCheck(page, 'tramites con error');
  await page.getByLabel('Número de entrega', { exact: true }).fill('');

  // Título de documento and Periodo.
  await page.getByLabel('Título de documento', { exact: true }).selectOption('DOCTRANSPORTE');
  await page.getByLabel('Periodo', { exact: true }).selectOption({ label: 'Último mes' });
  await form.getByRole('button', { name: 'Consultar' }).click();
  await page.getByRole('status').filter({ hasText: 'Resultado : 0' }).waitFor();
  await page.getByText('Ningún documento coincide con la consulta.').waitFor();
  await page.getByLabel('Título de documento', { exact: true }).selectOption('MANIFIESTO');
  await form.getByRole('button', { name: 'Consultar' }).click();
  await page.getByRole('status').filter({ hasText: 'Resultado : 2' }).waitFor();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Descargar CSV' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
  assert.equal(csv[0], 'No,Nombre del Documento,Número de entrega,Fecha-hora de entrega,Estado de Transmisión,Estado del Documento');
  assert.equal(csv[1].split(',')[2], second);
  assert.equal(csv[2].split(',')[2], first);
  assertNoProblems(page, [/status of 400/]);
  await page.context().close();

  // On a phone: no sideways scrolling; every cell says what it is.
  const phone = await app.newPage(PHONE);
  await signInWithOce(phone);
  await phone.goto('/tramites');
  await phone.getByRole('status').filter({ hasText: 'Resultado : 2' }).waitFor();
  const o = await horizontalOverflow(phone, PHONE.viewport.width);
  assert.ok(o.innerWidth === PHONE.viewport.width && o.scroll <= 0 && o.elements.length === 0, `overflow on a phone: ${JSON.stringify(o)}`);
  await shot(phone, 'tramites-telefono');
  await phone.context().close();
});
