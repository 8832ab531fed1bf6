// The customs side in a browser: the admin sets the rules in force (no
// electronic acceptance; computers to physical inspection), a customs broker
// sends two DAIs, a recepción officer accepts one — the rules give it the
// physical channel — and rejects the other with a reason, an aforo officer
// approves the first after the inspection, and the broker reads the notices
// and finds Aprobado and Rechazado (with the reason) in Estado de Trámite
// Integral.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { T, AGENTE, useApp, axeCheck, shot, signInWithOce, assertNoProblems, repoRoot } from './lib.mjs';

const app = useApp();

async function officerSignIn(page, usuario, clave) {
  await page.goto('/funcionarios');
  await page.getByRole('heading', { level: 1, name: 'Ingreso de funcionarios' }).waitFor();
  await page.getByLabel('ID. Usuario', { exact: true }).fill(usuario);
  await page.getByLabel('Contraseña', { exact: true }).fill(clave);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/bandeja'),
    page.getByRole('button', { name: 'Iniciar sesión' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Bandeja de trabajo' }).waitFor();
}

async function sendDai(page) {
  await page.goto('/edocumentos');
  await page.getByLabel('Archivo XML', { exact: true }).setInputFiles(path.join(repoRoot, 'schemas', 'samples', 'DAI.xml'));
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/edocumentos'),
    page.getByRole('button', { name: 'Enviar' }).click(),
  ]);
  return (await page.locator('#numero').innerText()).trim();
}

/** From the queue, the document with this número; then the action, with its reason. */
async function actOn(page, numero, action, reason) {
  await page.getByRole('link', { name: numero }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(numero) }).waitFor();
  await page.getByRole('radio', { name: action }).check();
  if (reason) await page.getByLabel(/^Motivo u observaciones/).fill(reason);
  await Promise.all([
    page.waitForURL((u) => u.searchParams.has('hecho')),
    page.getByRole('button', { name: 'Registrar acción' }).click(),
  ]);
}

test('aduana: reglas, recepción, aforo, y el agente lee cada paso', T, async () => {
  // The admin: no electronic acceptance; computers (8471) to physical inspection.
  const admin = await app.newPage();
  await officerSignIn(admin, 'admin', 'Admin.2026');
  await axeCheck(admin, 'bandeja');
  await admin.getByRole('link', { name: 'Reglas del canal de aforo' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Reglas del canal de aforo' }).waitFor();
  await admin.getByLabel('Aceptación electrónica de DAI y DAE (sin funcionario)').uncheck();
  await Promise.all([
    admin.waitForURL((u) => u.searchParams.get('hecho') === '1'),
    admin.getByRole('button', { name: 'Guardar ajustes' }).click(),
  ]);
  await admin.getByLabel('Tipo de regla', { exact: true }).selectOption({ label: 'Subpartida o capítulo' });
  await admin.getByLabel('Documento', { exact: true }).selectOption('DAI');
  await admin.getByLabel('Código (subpartida o país)').fill('847');
  await admin.getByLabel('Canal de aforo', { exact: true }).selectOption({ label: 'Físico intrusivo' });
  await admin.getByRole('button', { name: 'Agregar regla' }).click();
  await admin.getByRole('alert').getByText('Escriba un capítulo (2 dígitos) o una subpartida de 4, 6, 8 o 10 dígitos.').waitFor();
  await admin.getByLabel('Código (subpartida o país)').fill('8471');
  await admin.getByLabel('Nota', { exact: true }).fill('Computadoras: inspección física');
  await Promise.all([
    admin.waitForURL((u) => u.searchParams.get('hecho') === '1'),
    admin.getByRole('button', { name: 'Agregar regla' }).click(),
  ]);
  await admin.getByRole('table', { name: 'Reglas vigentes' }).getByText('subpartida que empieza con 8471').waitFor();
  await axeCheck(admin, 'reglas');
  await shot(admin, 'reglas');

  // The broker sends two DAIs.
  const broker = await app.newPage();
  await signInWithOce(broker, AGENTE, '[04] AGENTE DE ADUANA', '23902040');
  const first = await sendDai(broker);
  const second = await sendDai(broker);

  // Recepción: accepts the first (the rules give it the physical channel), rejects the second.
  const rec = await app.newPage();
  await officerSignIn(rec, 'recepcion', 'Recepcion.2026');
  await rec.getByRole('status').filter({ hasText: 'Resultado : 2' }).waitFor();
  await shot(rec, 'bandeja');
  await actOn(rec, first, 'Aceptar');
  await rec.getByRole('status').filter({ hasText: 'El documento fue aceptado.' }).first().waitFor();
  assert.equal((await rec.locator('#canal-actual').innerText()).trim(), 'Físico intrusivo');
  assert.match(await rec.locator('#regla').innerText(), /Subpartida o capítulo.*8471300000/);
  assert.match((await rec.locator('#declaracion').innerText()).trim(), /^028-\d{4}-10-\d{8}$/);
  await axeCheck(rec, 'documento del funcionario');
  await shot(rec, 'documento-funcionario');
  await rec.getByRole('link', { name: '« Volver a la bandeja de trabajo' }).click();
  await rec.getByRole('link', { name: second }).click();
  await rec.getByRole('radio', { name: 'Rechazar' }).check();
  await rec.getByRole('button', { name: 'Registrar acción' }).click();   // no reason: refused, said where
  await rec.getByRole('alert').getByText('Escriba el motivo.').waitFor();
  await rec.getByRole('radio', { name: 'Rechazar' }).check();
  await rec.getByLabel(/^Motivo u observaciones/).fill('Falta la factura comercial');
  await Promise.all([
    rec.waitForURL((u) => u.searchParams.get('hecho') === 'rechazado'),
    rec.getByRole('button', { name: 'Registrar acción' }).click(),
  ]);

  // Aforo: the inspection, then the release.
  const afo = await app.newPage();
  await officerSignIn(afo, 'aforo', 'Aforo.2026');
  await afo.getByRole('status').filter({ hasText: 'Resultado : 1' }).waitFor();
  await actOn(afo, first, 'Aprobar (autorizar salida)', 'Inspección física conforme');
  await afo.getByRole('status').filter({ hasText: 'El documento fue aprobado: salida autorizada.' }).first().waitFor();

  // The broker: the notices, then Estado de Trámite Integral.
  await broker.goto('/principal');
  const notices = broker.getByRole('table').first();
  for (const subject of [`Notificación de Aceptado - DAI ${first}`, `Notificación de Canal de Aforo - DAI ${first}`,
    `Autorización de salida - DAI ${first}`, `Notificación de Rechazo - DAI ${second}`])
    await notices.getByText(subject).waitFor();
  await broker.getByRole('link', { name: 'Estado de Trámite Integral' }).click();
  const table = broker.getByRole('table', { name: 'Estado de Trámite Integral' });
  await table.getByRole('row').filter({ hasText: first }).filter({ hasText: 'Aprobado' }).waitFor();
  await table.getByRole('row').filter({ hasText: second }).filter({ hasText: 'Rechazado' }).waitFor();
  await broker.getByRole('link', { name: second }).click();
  await broker.getByRole('table', { name: 'Historial' }).getByText('Falta la factura comercial').waitFor();
  await broker.getByRole('link', { name: 'Estado de Trámite Integral' }).or(broker.getByRole('link', { name: '« Volver a Estado de Trámite Integral' })).first().click();
  await broker.getByRole('link', { name: first }).click();
  assert.equal((await broker.locator('#canal-actual').innerText()).trim(), 'Físico intrusivo');
  assert.equal(await broker.locator('#regla').count(), 0, 'the operator sees the channel, not the rule');
  await broker.getByRole('heading', { name: /^Liquidación 028-/ }).waitFor();
  await axeCheck(broker, 'documento del operador con liquidación');
  // The refusals answered 400 on purpose (a wrong code, a missing reason).
  const refused = [/status of 400 \(Bad Request\)/];
  for (const p of [admin, broker, rec, afo]) assertNoProblems(p, refused);
});
