// The account lifecycle screens (issue 9) as a person uses them: Nuevo
// registro with the security code read from the e-mail, Reiniciar clave with
// the link read from the e-mail, and a representante legal approving an
// employee and granting it an option that then appears in its menus.
//
// The mail goes to a real SMTP server (tests/http/mail.mjs: Debian's
// python3-aiosmtpd on 127.0.0.1), which the server gets as ADUANA_SMTP_URL.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startMailSink } from '../http/mail.mjs';
import {
  T, useApp, axeCheck, shot, signIn, signInWithOce, assertNoProblems, NAVIERA, AGENTE,
} from './lib.mjs';

const sink = await startMailSink();
const app = useApp({ env: { ...sink.env } });
after(() => sink.stop());

// A phrase that passes the password policy (≥ 12 characters, not common,
// not the user's own data).
const CLAVE = 'caballo bateria grapa correcta';
const GENERIC = 'RUC, ID. Usuario o Contraseña incorrectos. Revise los datos e inténtelo de nuevo.';
// Refusals answer 4xx on purpose (a taken ID, a wrong code, a refused
// sign-in, a screen not granted): Chromium logs each as a console error.
const REFUSED = [/status of 4(00|01|03|09|10) \(/];

// The security code of the last registration mail to `email`.
async function codeFor(email) {
  const m = await sink.waitFor((m) => m.to.includes(email) && m.subject === 'Código de seguridad para su registro');
  const code = /\b(\d{6})\b/.exec(m.text);
  assert.ok(code, `no 6-digit code in the mail:\n${m.text}`);
  return code[1];
}

// Fills the Nuevo registro form (not the passwords, which the page never
// sends back) from `p`: { clase, ruc, cedula, nombre, email, telefono, usuario }.
async function fillRegistro(page, p) {
  await page.getByRole('group', { name: 'Clase de usuario' }).getByLabel(p.clase, { exact: true }).check();
  await page.getByLabel('RUC', { exact: true }).fill(p.ruc);
  await page.getByLabel('Cédula', { exact: true }).fill(p.cedula);
  await page.getByLabel('Nombres y apellidos', { exact: true }).fill(p.nombre);
  await page.getByLabel('Correo electrónico', { exact: true }).fill(p.email);
  await page.getByLabel('Teléfono', { exact: true }).fill(p.telefono);
  await page.getByLabel('ID de usuario', { exact: true }).fill(p.usuario);
}

// "Registrarse" (or, with `enter`, Enter in "Repita la contraseña") with the
// passwords and the convenio accepted, the code from the mail on "Código de
// seguridad", "Confirmar registro". Returns the status message of the result.
async function register(page, p, { checkCodePage = false, enter = false } = {}) {
  await page.getByLabel('He leído y acepto el convenio de uso').check();
  await page.getByLabel('Contraseña', { exact: true }).fill(CLAVE);
  await page.getByLabel('Repita la contraseña', { exact: true }).fill(CLAVE);
  await Promise.all([
    page.waitForURL((u) => u.pathname.startsWith('/registro/confirmar/')),
    enter ? page.getByLabel('Repita la contraseña', { exact: true }).press('Enter')
      : page.getByRole('button', { name: 'Registrarse' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Código de seguridad' }).waitFor();
  assert.match(await page.locator('main').innerText(), new RegExp(`Enviamos un código de seguridad a ${p.email.replace(/\./g, '\\.')}`));
  const code = await codeFor(p.email);
  // (getByRole: the page's section is labelled by its heading, "Código de seguridad" too.)
  const field = page.getByRole('textbox', { name: 'Código de seguridad', exact: true });
  if (checkCodePage) {
    await axeCheck(page, 'código de seguridad');
    await shot(page, 'registro-codigo');
    // A wrong code first: refused at the field, the registration stays.
    const wrong = String((Number(code) + 1) % 1000000).padStart(6, '0');
    await field.fill(wrong);
    await page.getByRole('button', { name: 'Confirmar registro' }).click();
    await page.getByRole('alert').getByText(/^El código no es correcto\. Le quedan \d+ intentos\.$/).waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    await axeCheck(page, 'código de seguridad con error');
  }
  await field.fill(code);
  await page.getByRole('button', { name: 'Confirmar registro' }).click();
  const status = page.getByRole('status');
  await status.waitFor();
  return (await status.innerText()).trim();
}

test('Nuevo registro de un representante legal: disponibilidad, código por correo, ingreso', T, async () => {
  const page = await app.newPage();
  await page.goto('/');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/registro'),
    page.getByRole('link', { name: 'Nuevo registro' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Nuevo registro' }).waitFor();
  // The convenio is shown in full, before the box that accepts it.
  const convenio = page.getByRole('region', { name: 'Convenio de uso' });
  assert.match(await convenio.innerText(), /^CONVENIO DE USO DEL PORTAL ELECTRÓNICO DE LA ADUANA/);
  assert.match(await convenio.innerText(), /8\. Suspensión\. La Aduana puede deshabilitar una cuenta/);
  await axeCheck(page, 'nuevo registro');
  await shot(page, 'registro');

  const p = {
    clase: 'Representante legal', ruc: AGENTE.ruc, cedula: '1712345675', nombre: 'Rosa Elena Landázuri Mora',
    email: 'rlandazuri@andina.example', telefono: '02 2345 678', usuario: 'agente',
  };
  await fillRegistro(page, p);
  // Comprobar disponibilidad: "agente" is taken under that RUC ...
  const check = page.getByRole('button', { name: 'Comprobar disponibilidad' });
  await check.click();
  await page.getByRole('status').getByText('El ID de usuario agente no está disponible. Elija otro.').waitFor();
  // ... what was typed comes back ...
  assert.equal(await page.getByLabel('RUC', { exact: true }).inputValue(), AGENTE.ruc);
  assert.equal(await page.getByLabel('Correo electrónico', { exact: true }).inputValue(), p.email);
  assert.ok(await page.getByRole('group', { name: 'Clase de usuario' }).getByLabel('Representante legal').isChecked());
  // ... and another ID is free.
  p.usuario = 'rlandazuri';
  await page.getByLabel('ID de usuario', { exact: true }).fill(p.usuario);
  await check.click();
  await page.getByRole('status').getByText('El ID de usuario rlandazuri está disponible.').waitFor();
  await axeCheck(page, 'nuevo registro con la disponibilidad');

  // Registrarse without accepting the convenio: refused, said where.
  await page.getByLabel('Contraseña', { exact: true }).fill(CLAVE);
  await page.getByLabel('Repita la contraseña', { exact: true }).fill(CLAVE);
  await page.getByRole('button', { name: 'Registrarse' }).click();
  await page.getByRole('alert').getByText('Para registrarse debe aceptar el convenio de uso.').waitFor();
  assert.equal(new URL(page.url()).pathname, '/registro');
  assert.equal(await page.getByLabel('He leído y acepto el convenio de uso').getAttribute('aria-invalid'), 'true');
  await axeCheck(page, 'nuevo registro con errores');

  const done = await register(page, p, { checkCodePage: true });
  assert.equal(done, `Su cuenta fue creada. Ingrese con su RUC ${AGENTE.ruc}, el ID de usuario rlandazuri y su contraseña.`);
  await shot(page, 'registro-hecho');

  // The new representative signs in, reaches the OCE screen (signInWithOce
  // asserts it) and enters with the company's code.
  const user = { ruc: AGENTE.ruc, usuario: 'rlandazuri', clave: CLAVE };
  await signInWithOce(page, user, '[04] AGENTE DE ADUANA', '23902040');
  assert.match(await page.locator('header').innerText(), /rlandazuri · RUC 1790011674001 · OCE 23902040 \[04\]/);
  assertNoProblems(page, REFUSED);
  await page.context().close();
});

test('Reiniciar clave: el enlace del correo, la contraseña nueva, el enlace sirve una vez', T, async () => {
  const EMAIL = 'agente@andina.example';
  // A session of agente that the change of password ends.
  const other = await app.newPage();
  await signInWithOce(other, AGENTE, '[04] AGENTE DE ADUANA', '23902040');

  const page = await app.newPage();
  await page.goto('/');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/clave'),
    page.getByRole('link', { name: 'Reiniciar clave' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Reiniciar clave' }).waitFor();
  await axeCheck(page, 'reiniciar clave');
  await shot(page, 'clave');

  const ask = async (email) => {
    await page.getByLabel('RUC', { exact: true }).fill(AGENTE.ruc);
    await page.getByLabel('ID de usuario', { exact: true }).fill(AGENTE.usuario);
    await page.getByLabel('Correo electrónico', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Enviar enlace' }).click();
    const s = page.getByRole('status');
    await s.waitFor();
    const text = (await s.innerText()).trim();
    // The form comes back empty.
    assert.equal(await page.getByLabel('ID de usuario', { exact: true }).inputValue(), '');
    return text;
  };
  // Data of no account (a wrong e-mail) and the right data: the same answer.
  const wrong = await ask('otro@andina.example');
  assert.match(wrong, /^Si los datos corresponden a una cuenta, enviamos al correo registrado un enlace/);
  const right = await ask(EMAIL);
  assert.equal(right, wrong);
  await axeCheck(page, 'reiniciar clave enviado');

  const m = await sink.waitFor((m) => m.to.includes(EMAIL) && m.subject === 'Reinicio de contraseña');
  const link = /https?:\/\/\S+?(\/clave\/nueva\/[0-9a-f]{64})\b/.exec(m.text);
  assert.ok(link, `no link in the mail:\n${m.text}`);
  assert.equal(sink.messages().filter((x) => x.subject === 'Reinicio de contraseña').length, 1,
    'only the right data got a mail');

  await page.goto(link[1]);
  await page.getByRole('heading', { level: 1, name: 'Nueva contraseña' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Elija la contraseña nueva del ID de usuario agente \(RUC 1790011674001\)\./);
  await axeCheck(page, 'nueva contraseña');
  await shot(page, 'clave-nueva');
  // Two passwords that differ: refused, said where; the link still works.
  await page.getByLabel('Contraseña nueva', { exact: true }).fill(CLAVE);
  await page.getByLabel('Repita la contraseña', { exact: true }).fill(`${CLAVE}s`);
  await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await page.getByRole('alert').waitFor();
  assert.equal(await page.getByLabel('Repita la contraseña', { exact: true }).getAttribute('aria-invalid'), 'true');
  await axeCheck(page, 'nueva contraseña con errores');
  await page.getByLabel('Contraseña nueva', { exact: true }).fill(CLAVE);
  await page.getByLabel('Repita la contraseña', { exact: true }).fill(CLAVE);
  await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await page.getByRole('status').getByText(/^Su contraseña fue cambiada y todas sus sesiones se cerraron\./).waitFor();
  assert.equal(await page.getByLabel('Contraseña nueva', { exact: true }).count(), 0, 'no form any more');

  // The other session ended.
  await other.goto('/principal');
  assert.equal(new URL(other.url()).pathname, '/');
  await other.context().close();

  // The old password no longer works; the new one does.
  await signIn(page, AGENTE);
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.getByRole('alert').getByText(GENERIC).waitFor();
  await signIn(page, { ...AGENTE, clave: CLAVE });
  assert.equal(new URL(page.url()).pathname, '/oce');
  const notice = await sink.waitFor((x) => x.to.includes(EMAIL) && x.subject === 'COMUNICADO - CAMBIO DE CONTRASEÑA');
  assert.ok(notice);

  // The link a second time: it was used.
  const again = await app.newPage();
  const res = await again.goto(link[1]);
  assert.equal(res.status(), 410);
  await again.getByRole('status').getByText('El código o el enlace ya se usó. Pida uno nuevo si lo necesita.').waitFor();
  assert.equal(await again.getByLabel('Contraseña nueva', { exact: true }).count(), 0);
  await axeCheck(again, 'enlace usado');
  assertNoProblems(page, REFUSED);
  assertNoProblems(again, REFUSED);
  await page.context().close();
  await again.context().close();
});

test('Un empleado se registra; el representante legal lo aprueba y le asigna 1.3, que aparece en sus menús', T, async () => {
  const emp = {
    clase: 'Empleado', ruc: NAVIERA.ruc, cedula: '1804567897', nombre: 'Jorge Andrés Pérez Villacís',
    email: 'jperez@naviera.example', telefono: '+593 4 256 7890', usuario: 'jperez',
  };
  const empUser = { ruc: NAVIERA.ruc, usuario: emp.usuario, clave: CLAVE };
  const page = await app.newPage();
  await page.goto('/registro');
  await fillRegistro(page, emp);
  // Enter registers (it is not "Comprobar disponibilidad", which comes first in the form).
  const done = await register(page, emp, { enter: true });
  assert.equal(done, 'Su registro como empleado quedó hecho (ID de usuario jperez). El representante legal de la empresa debe aprobar su cuenta; le avisaremos por correo.');
  await axeCheck(page, 'registro de empleado hecho');

  // Not yet: the account waits for the representative.
  await signIn(page, empUser);
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.getByRole('alert').getByText(/^Su cuenta espera la aprobación del representante legal de la empresa\./).waitFor();

  // The representative: 3.2.3 Modificar información del uso.
  const rep = await app.newPage();
  await signInWithOce(rep, NAVIERA);
  await Promise.all([
    rep.waitForURL((u) => u.pathname === '/uso'),
    rep.getByRole('link', { name: '3.2.3 Modificar información del uso' }).click(),
  ]);
  const users = rep.getByRole('table', { name: 'Usuarios de la empresa' });
  const row = users.getByRole('row').filter({ hasText: 'jperez' });
  assert.match(await row.innerText(), /Jorge Andrés Pérez Villacís/);
  assert.match(await row.innerText(), /Empleado/);
  await axeCheck(rep, 'modificar información del uso');
  await shot(rep, 'uso');
  await Promise.all([
    rep.waitForURL(/\/uso\/\d+$/),
    row.getByRole('link', { name: 'jperez' }).click(),
  ]);
  const estado = rep.locator('#estado');
  const pendingLabel = (await estado.innerText()).trim();
  await axeCheck(rep, 'empleado pendiente');
  await rep.getByRole('button', { name: 'Aprobar' }).click();
  await rep.getByRole('status').getByText('La cuenta fue aprobada; avisamos al empleado.').waitFor();
  assert.notEqual((await estado.innerText()).trim(), pendingLabel);
  assert.equal(await rep.getByRole('button', { name: 'Aprobar' }).count(), 0);
  assert.ok(await rep.getByRole('button', { name: 'Deshabilitar' }).isVisible());

  const opciones = rep.getByRole('group', { name: 'Opciones asignadas' });
  const op13 = opciones.getByLabel('1.3 Integración de estados del trámite', { exact: true });
  const op18 = opciones.getByLabel('1.8 Consulta de e-Docs enviados', { exact: true });
  assert.equal(await op13.isChecked(), false);
  assert.equal(await op18.isChecked(), false);
  await op13.check();
  await rep.getByRole('button', { name: 'Guardar opciones' }).click();
  await rep.getByRole('status').getByText('Las opciones del empleado quedaron guardadas.').waitFor();
  assert.equal(await op13.isChecked(), true, 'kept after saving');
  assert.equal(await op18.isChecked(), false);
  await axeCheck(rep, 'empleado con opciones');
  await shot(rep, 'uso-empleado');
  assertNoProblems(rep, REFUSED);
  await rep.context().close();

  // The employee signs in, chooses an OCE: 1.3 is in the menus, 1.8 is not.
  await signInWithOce(page, empUser);
  const menus = page.locator('.menus');
  const l13 = menus.getByRole('link', { name: '1.3 Integración de estados del trámite' });
  assert.ok(await l13.isVisible());
  assert.equal(await menus.getByText('Consulta de e-Docs enviados').count(), 0);
  // A menu with none of its options granted says so (not that the OCE type has none).
  await page.getByRole('region', { name: 'Servicios Informativos' })
    .getByText('No tiene opciones asignadas en este menú; el representante legal de la empresa las asigna.').waitFor();
  await axeCheck(page, 'principal del empleado');
  await shot(page, 'principal-empleado');
  // The employee's own data stay at hand whatever was granted.
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/cuenta'),
    page.locator('header').getByRole('link', { name: 'Datos del usuario' }).click(),
  ]);
  const datos = await page.locator('#datos').innerText();
  assert.match(datos, /jperez/);
  assert.match(datos, /Empleado/);
  await page.goto('/principal');
  await Promise.all([
    page.waitForURL((u) => u.pathname !== '/principal'),
    l13.click(),
  ]);
  assert.equal(await page.getByText('No está asignado el permiso al usuario').count(), 0);
  // 1.8 by its address: refused.
  const res = await page.goto('/enviados');
  assert.equal(res.status(), 403);
  await page.getByText('No está asignado el permiso al usuario').first().waitFor();
  await axeCheck(page, 'opción no asignada');
  assertNoProblems(page, REFUSED);
  await page.context().close();
});
