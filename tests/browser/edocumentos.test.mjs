// 1.6 e-Documentos in a browser: a customs broker uploads a DAI and gets its
// número de entrega; a wrong file is shown with its errors.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { T, useApp, axeCheck, shot, signInWithOce, assertNoProblems, repoRoot, AGENTE } from './lib.mjs';

const app = useApp();

test('1.6 e-Documentos: subir una DAI y recibir su número de entrega; un archivo con errores se explica', T, async () => {
  const page = await app.newPage();
  await signInWithOce(page, AGENTE, '[04] AGENTE DE ADUANA', '23902040');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/edocumentos'),
    page.getByRole('link', { name: '1.6 e-Documentos' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'e-Documentos' }).waitFor();
  await axeCheck(page, 'e-documentos');
  await page.getByLabel('Archivo XML', { exact: true }).setInputFiles(path.join(repoRoot, 'schemas', 'samples', 'DAI.xml'));
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/edocumentos'),
    page.getByRole('button', { name: 'Enviar' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Documento recibido' }).waitFor();
  assert.match(await page.locator('#numero').innerText(), /^23902040\d{4}\d{8}P$/);
  await shot(page, 'edoc-recibido');
  await axeCheck(page, 'e-doc recibido');

  await page.getByRole('link', { name: '« Enviar otro documento' }).click();
  await page.getByLabel('Archivo XML', { exact: true }).setInputFiles({
    name: 'roto.xml', mimeType: 'text/xml', buffer: Buffer.from('<DAI xmlns="urn:wco:datamodel:EC:DAI:1:0:0"><x/></DAI>'),
  });
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/edocumentos') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Enviar' }).click(),
  ]);
  assert.equal(res.status(), 422);
  await page.getByRole('heading', { level: 1, name: 'Documento con errores' }).waitFor();
  assert.ok(await page.locator('ol.edoc-errors li').count() >= 1);
  await shot(page, 'edoc-errores');
  await axeCheck(page, 'e-doc con errores');
  assertNoProblems(page, [/status of 422/]);
  await page.context().close();
});
