// 1.1 and the document's detail in a browser: a shipping line fills a cargo
// manifest in the form (rows added and removed, Enter only checks, errors
// beside their fields), sends it and finds it in Estado de Trámite Integral;
// a customs broker uploads a DAI, reads it back in its detail and cancels it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import {
  T, useApp, axeCheck, shot, signInWithOce, horizontalOverflow, assertNoProblems, repoRoot, AGENTE, setElectronicAcceptance,
} from './lib.mjs';

const app = useApp();
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

// Today in Ecuador as aaaa-mm-dd (an arrival date the rules accept).
const today = new Date(Date.now() - 5 * 3600 * 1000).toISOString().slice(0, 10);

test('1.1 un manifiesto de carga hecho en el formulario, enviado y encontrado en Estado de Trámite Integral', T, async () => {
  const page = await app.newPage();
  await signInWithOce(page);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/elaboracion'),
    page.getByRole('link', { name: '1.1 Elaboración de e-Doc. operativo' }).click(),
  ]);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/elaboracion/MANIFIESTO'),
    page.getByRole('link', { name: 'Manifiesto de carga (MANIFIESTO)' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Manifiesto de carga (MANIFIESTO)' }).waitFor();
  await axeCheck(page, 'formulario de manifiesto');

  // Enter in a field checks the document: the blanks are listed, nothing is sent.
  const carrier = page.getByRole('group', { name: 'Transportista' });
  await carrier.getByLabel('Código del transportista', { exact: true }).fill('mscu');
  const [checked] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    carrier.getByLabel('Código del transportista', { exact: true }).press('Enter'),
  ]);
  assert.equal(checked.status(), 422);
  await page.getByRole('alert').filter({ hasText: 'El documento tiene errores' }).waitFor();
  const viaje = page.getByRole('group', { name: 'Viaje' });
  assert.equal(await viaje.getByLabel('Nave o vuelo', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await carrier.getByLabel('Código del transportista', { exact: true }).inputValue(), 'mscu', 'kept');
  await axeCheck(page, 'formulario con errores');
  await shot(page, 'elaboracion-errores');

  await carrier.getByLabel('Nombre del transportista', { exact: true }).fill('Naviera del Pacífico S.A.');
  await viaje.getByLabel('Distrito aduanero', { exact: true }).fill('028');
  await viaje.getByLabel('Modo de transporte', { exact: true }).selectOption({ label: '1 Transporte marítimo' });
  await viaje.getByLabel('Nave o vuelo', { exact: true }).fill('MSC ANNA');
  await viaje.getByLabel('Número de viaje', { exact: true }).fill('FA612E');
  await viaje.getByLabel('Puerto de embarque', { exact: true }).fill('cnsha');
  await viaje.getByLabel('Puerto de descarga', { exact: true }).fill('ECGYE');
  await viaje.getByLabel('Fecha de llegada', { exact: true }).fill(today);

  const td1 = page.getByRole('group', { name: 'Documento de transporte 1' });
  await td1.getByLabel('Número del documento de transporte', { exact: true }).fill('MSCUSH2600123');
  await td1.getByLabel('Nivel', { exact: true }).selectOption('MASTER');
  await td1.getByLabel('Consignatario', { exact: true }).fill('María Fernanda Quishpe');
  await td1.getByLabel('Descripción de la carga', { exact: true }).fill('Computadoras portátiles');
  await td1.getByLabel('Bultos', { exact: true }).fill('47');
  await td1.getByLabel('Tipo de embalaje', { exact: true }).fill('CT');
  await td1.getByLabel('Peso bruto (kg)', { exact: true }).fill('1470,75');
  await td1.getByLabel('Contenedores', { exact: true }).fill('MSCU1234566\nMEDU3001127');

  // A second transport document, added then removed: the first keeps its values.
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Agregar documento de transporte' }).click(),
  ]);
  const td2 = page.getByRole('group', { name: 'Documento de transporte 2' });
  await td2.waitFor();
  await td2.getByLabel('Número del documento de transporte', { exact: true }).fill('BORRAR1');
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    td2.getByRole('button', { name: 'Quitar documento de transporte 2' }).click(),
  ]);
  await td2.waitFor({ state: 'detached' });
  assert.equal(await td1.getByLabel('Contenedores', { exact: true }).inputValue(), 'MSCU1234566\nMEDU3001127');
  assert.equal(await td1.getByLabel('Peso bruto (kg)', { exact: true }).inputValue(), '1470,75');

  await page.getByRole('button', { name: 'Revisar', exact: true }).click();
  if (await page.getByRole('alert').count())
    assert.fail(await page.locator('#errores-documento').innerText());
  await page.getByRole('status').filter({ hasText: 'El documento es válido: puede enviarlo.' }).waitFor();
  await Promise.all([
    page.waitForURL((u) => /^\/tramites\/\d+$/.test(u.pathname)),
    page.getByRole('button', { name: 'Enviar', exact: true }).click(),
  ]);
  const numero = (await page.locator('#numero').innerText()).trim();
  assert.match(numero, /^05909025\d{4}\d{8}P$/);
  await page.getByRole('status').filter({ hasText: `Documento recibido con el número de entrega ${numero}` }).waitFor();
  const detail = page.locator('main');
  await detail.getByText('1.470,750').first().waitFor();   // the total weight, summed and formatted
  await axeCheck(page, 'detalle del manifiesto');
  await shot(page, 'documento-manifiesto');

  await page.getByRole('link', { name: '« Volver a Estado de Trámite Integral' }).click();
  await page.getByRole('link', { name: numero }).waitFor();
  assertNoProblems(page, [/status of 422/]);
  await page.context().close();

  // The form on a phone: one column, nothing wider than the screen.
  const phone = await app.newPage(PHONE);
  await signInWithOce(phone);
  await phone.goto('/elaboracion/MANIFIESTO');
  const o = await horizontalOverflow(phone, PHONE.viewport.width);
  assert.ok(o.innerWidth === PHONE.viewport.width && o.scroll <= 0 && o.elements.length === 0, `overflow on a phone: ${JSON.stringify(o)}`);
  await shot(phone, 'elaboracion-telefono');
  await phone.context().close();
});

test('una DAI subida como XML: su detalle legible, el XML descargable, y anularla', T, async () => {
  await setElectronicAcceptance(app, false);   // so that it stays Registrado, and can be annulled
  const page = await app.newPage({ acceptDownloads: true });
  await signInWithOce(page, AGENTE, '[04] AGENTE DE ADUANA', '23902040');
  await page.goto('/edocumentos');
  await page.getByLabel('Archivo XML', { exact: true }).setInputFiles(path.join(repoRoot, 'schemas', 'samples', 'DAI.xml'));
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/edocumentos'),
    page.getByRole('button', { name: 'Enviar' }).click(),
  ]);
  const numero = (await page.locator('#numero').innerText()).trim();
  await page.goto('/principal');
  await page.getByRole('link', { name: 'Estado de Trámite Integral' }).click();
  await Promise.all([
    page.waitForURL((u) => /^\/tramites\/\d+$/.test(u.pathname)),
    page.getByRole('link', { name: numero }).click(),
  ]);
  await page.getByRole('heading', { level: 2, name: 'Valores' }).waitFor();
  await page.getByText('128.125,63 USD').waitFor();
  await page.getByRole('table', { name: 'Ítems' }).getByText('VN — Vietnam').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Descargar XML' }).click(),
  ]);
  assert.match(download.suggestedFilename(), new RegExp(`^DAI-${numero}\\.xml$`));
  await axeCheck(page, 'detalle de la DAI');

  await page.getByLabel('Motivo de la anulación', { exact: true }).fill('Se declaró con el Incoterm equivocado');
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('hecho') === 'anulado'),
    page.getByRole('button', { name: 'Anular documento' }).click(),
  ]);
  await page.getByRole('status').filter({ hasText: 'El documento fue anulado.' }).waitFor();
  assert.equal((await page.locator('#estado').innerText()).trim(), 'Anulado');
  await page.getByRole('table', { name: 'Historial' }).getByText('Se declaró con el Incoterm equivocado').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Anular documento' }).count(), 0, 'no second cancellation');
  await shot(page, 'documento-anulado');
  assertNoProblems(page);
  await page.context().close();

  const phone = await app.newPage(PHONE);
  await signInWithOce(phone, AGENTE, '[04] AGENTE DE ADUANA', '23902040');
  await phone.goto('/tramites');
  await phone.getByRole('link', { name: numero }).click();
  await phone.getByRole('heading', { level: 2, name: 'Valores' }).waitFor();
  const o = await horizontalOverflow(phone, PHONE.viewport.width);
  assert.ok(o.innerWidth === PHONE.viewport.width && o.scroll <= 0 && o.elements.length === 0, `overflow on a phone: ${JSON.stringify(o)}`);
  await shot(phone, 'documento-telefono');
  await phone.context().close();
});
