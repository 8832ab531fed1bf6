// Sign-in errors as a person sees them, keyboard use of the sign-in form, and
// the page for an address that does not exist.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, useApp, axeCheck, shot, signIn, assertNoProblems, IMPORTADOR, NAVIERA } from './lib.mjs';

const app = useApp();

const GENERIC = 'RUC, ID. Usuario o Contraseña incorrectos. Revise los datos e inténtelo de nuevo.';
// Failed sign-ins answer 400/401: Chromium logs those document loads.
const HTTP_ERRORS = [/Failed to load resource: the server responded with a status of 40[0134]/];

// The text of the element(s) that describe a field (aria-describedby).
async function description(locator) {
  const ids = await locator.getAttribute('aria-describedby');
  if (!ids) return '';
  const page = locator.page();
  const parts = [];
  for (const id of ids.split(/\s+/)) parts.push((await page.locator(`#${id}`).innerText()).trim());
  return parts.join(' ');
}

// What has the keyboard focus: "tag#id 'text'".
function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    const text = (e.getAttribute('aria-label') || e.textContent || '').trim().replace(/\s+/g, ' ');
    return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${text ? ` '${text.slice(0, 40)}'` : ''}`;
  });
}

test('un RUC mal formado se señala junto al campo y conserva el ID. Usuario escrito', T, async () => {
  const page = await app.newPage();
  await page.goto('/');
  await page.getByLabel('RUC', { exact: true }).fill('1710034066001');
  await page.getByLabel('ID. Usuario', { exact: true }).fill('importador');
  await page.getByLabel('Contraseña', { exact: true }).fill('Importador.2026');
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/login')),
    page.getByRole('button', { name: 'Iniciar sesión' }).click(),
  ]);
  assert.equal(res.status(), 400);
  await page.waitForLoadState();

  const ruc = page.getByLabel('RUC', { exact: true });
  assert.equal(await ruc.getAttribute('aria-invalid'), 'true');
  assert.match(await description(ruc), /^El RUC ingresado no es válido: El dígito verificador no corresponde/);
  // Next to the field: in the same group, just before the input.
  const field = page.locator('.field').filter({ has: ruc });
  assert.match(await field.innerText(), /^RUC\s+El RUC ingresado no es válido/);
  assert.equal(await field.locator('.field-error').count(), 1);
  // The typed values stay, except the password.
  assert.equal(await ruc.inputValue(), '1710034066001');
  assert.equal(await page.getByLabel('ID. Usuario', { exact: true }).inputValue(), 'importador');
  assert.equal(await page.getByLabel('Contraseña', { exact: true }).inputValue(), '');
  // Other fields are not flagged.
  assert.equal(await page.getByLabel('ID. Usuario', { exact: true }).getAttribute('aria-invalid'), null);
  // The summary at the top repeats it, as an alert.
  const alert = page.getByRole('alert');
  assert.match(await alert.innerText(), /Revise lo siguiente\s+El RUC ingresado no es válido/);
  await shot(page, 'home-error-ruc');
  await axeCheck(page, 'home with errors');

  // A cédula (10 digits) is checked by the same rules (users registered
  // without a RUC sign in with it): a wrong one is named the same way.
  await ruc.fill('1710034066');
  await page.getByLabel('Contraseña', { exact: true }).fill('x');
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/login')),
    page.getByRole('button', { name: 'Iniciar sesión' }).click(),
  ]);
  await page.waitForLoadState();
  assert.match(await description(page.getByLabel('RUC', { exact: true })),
    /^El RUC ingresado no es válido: El dígito verificador no corresponde/);
  assertNoProblems(page, HTTP_ERRORS);
  await page.context().close();
});

test('los campos vacíos se señalan uno por uno', T, async () => {
  const page = await app.newPage();
  await page.goto('/');
  await page.getByLabel('RUC', { exact: true }).fill(NAVIERA.ruc);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/login'),
    page.getByRole('button', { name: 'Iniciar sesión' }).click(),
  ]);
  assert.equal(await page.getByLabel('RUC', { exact: true }).getAttribute('aria-invalid'), null);
  assert.equal(await page.getByLabel('RUC', { exact: true }).inputValue(), NAVIERA.ruc);
  assert.equal(await description(page.getByLabel('ID. Usuario', { exact: true })), 'Ingrese su ID. Usuario.');
  assert.equal(await description(page.getByLabel('Contraseña', { exact: true })), 'Ingrese su Contraseña.');
  assert.equal(await page.getByLabel('ID. Usuario', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Contraseña', { exact: true }).getAttribute('aria-invalid'), 'true');
  // The summary lists every message, each a link to its field.
  const links = page.getByRole('alert').getByRole('link');
  assert.deepEqual(await links.allInnerTexts(), ['Ingrese su ID. Usuario.', 'Ingrese su Contraseña.']);
  await links.filter({ hasText: 'Contraseña' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'clave', 'the link takes the focus to the field');
  await axeCheck(page, 'home with empty fields');
  assertNoProblems(page, HTTP_ERRORS);
  await page.context().close();
});

test('una contraseña errada o un usuario desconocido muestran el mismo mensaje genérico', T, async () => {
  const page = await app.newPage();
  await signIn(page, { ...IMPORTADOR, clave: 'NoEsLaClave.1' });
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.ok(await page.getByRole('alert').filter({ hasText: GENERIC }).isVisible());
  assert.ok(await page.locator('#form-err').filter({ hasText: GENERIC }).isVisible(), 'shown above the form too');
  // Neither field is singled out.
  for (const label of ['RUC', 'ID. Usuario', 'Contraseña'])
    assert.equal(await page.getByLabel(label, { exact: true }).getAttribute('aria-invalid'), null, label);
  assert.equal(await page.getByLabel('RUC', { exact: true }).inputValue(), IMPORTADOR.ruc);
  assert.equal(await page.getByLabel('ID. Usuario', { exact: true }).inputValue(), IMPORTADOR.usuario);
  assert.equal(await page.getByLabel('Contraseña', { exact: true }).inputValue(), '');
  const wrongPassword = await page.locator('main').innerText();
  await shot(page, 'home-error-clave');
  await axeCheck(page, 'home with wrong password');

  await signIn(page, { ...IMPORTADOR, usuario: 'nadie' });
  assert.ok(await page.getByRole('alert').filter({ hasText: GENERIC }).isVisible());
  assert.equal((await page.locator('main').innerText()).replace('nadie', IMPORTADOR.usuario), wrongPassword,
    'an unknown user reads exactly like a wrong password');

  // The right password still works after one failure.
  await signIn(page, IMPORTADOR);
  assert.equal(new URL(page.url()).pathname, '/oce');
  assertNoProblems(page, HTTP_ERRORS);
  await page.context().close();
});

test('teclado: "Saltar al contenido" primero, luego RUC → ID. Usuario → Contraseña → Iniciar sesión; Enter envía', T, async () => {
  const page = await app.newPage();
  await page.goto('/');
  const order = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    order.push(await focused(page));
    if (order.at(-1).startsWith('button')) break;
  }
  assert.equal(order[0], "a 'Saltar al contenido'", `tab order: ${order.join(' → ')}`);
  const start = order.indexOf('input#ruc');
  assert.ok(start > 0, `tab order reaches RUC: ${order.join(' → ')}`);
  assert.deepEqual(order.slice(start), ['input#ruc', 'input#usuario', 'input#clave', "button 'Iniciar sesión'"],
    `tab order: ${order.join(' → ')}`);
  assert.ok(order.slice(1, start).every((o) => o.startsWith('a')), `only header links before RUC: ${order.join(' → ')}`);
  // The skip link is visible when focused.
  await page.reload();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Saltar al contenido' });
  assert.ok(await skip.evaluate((e) => e.getBoundingClientRect().left >= 0), 'skip link on screen when focused');
  await shot(page, 'home-saltar');

  // Enter on the skip link moves to the content: the next Tab is RUC.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'input#ruc');
  await page.keyboard.type(NAVIERA.ruc);
  await page.keyboard.press('Tab');
  await page.keyboard.type(NAVIERA.usuario);
  await page.keyboard.press('Tab');
  await page.keyboard.type(NAVIERA.clave);
  assert.equal(await focused(page), 'input#clave');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/oce'),
    page.keyboard.press('Enter'),
  ]);
  // And on the OCE screen the keyboard reaches the lists and Ingresar.
  await page.getByLabel('Código de OCE', { exact: true }).focus();
  await page.keyboard.press('ArrowDown');   // first code
  assert.equal(await page.getByLabel('Código de OCE', { exact: true }).inputValue(), '05909025');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), "button 'Cerrar sesión'");
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), "button 'Ingresar'");
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/principal'),
    page.keyboard.press('Enter'),
  ]);
  assertNoProblems(page);
  await page.context().close();
});

test('una dirección que no existe muestra la página 404', T, async () => {
  const page = await app.newPage();
  const res = await page.goto('/no-existe');
  assert.equal(res.status(), 404);
  assert.match(await page.title(), /Página no encontrada/);
  await page.getByRole('heading', { level: 1, name: 'Página no encontrada' }).waitFor();
  assert.ok(await page.getByText('La dirección solicitada no existe en el portal.').isVisible());
  await shot(page, 'error-404');
  await axeCheck(page, '404');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/'),
    page.getByRole('link', { name: 'Ir a la página de inicio' }).click(),
  ]);
  await page.getByRole('button', { name: 'Iniciar sesión' }).waitFor();

  // Signed in with an OCE, the 404 page leads back to the main page.
  await signIn(page, NAVIERA);
  await page.getByLabel('Código de OCE', { exact: true }).selectOption('05909025');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/principal'),
    page.getByRole('button', { name: 'Ingresar' }).click(),
  ]);
  const res2 = await page.goto('/notificaciones/999999');
  assert.equal(res2.status(), 404);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/principal'),
    page.getByRole('link', { name: 'Ir a la página principal' }).click(),
  ]);
  assertNoProblems(page, HTTP_ERRORS);
  await page.context().close();
});
