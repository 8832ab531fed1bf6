// The English version of the portal, and the portal on a phone (360×740).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  T, useApp, axeCheck, shot, signIn, chooseType, horizontalOverflow, assertNoProblems, NAVIERA,
} from './lib.mjs';

const app = useApp();

test('"English" cambia el idioma a inglés ("Sign in") y "Español" lo devuelve', T, async () => {
  const page = await app.newPage();
  await page.goto('/');
  const english = page.getByRole('link', { name: 'English' });
  assert.equal(await english.getAttribute('lang'), 'en', 'the link says what language it leads to');
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), english.click()]);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.match(await page.title(), /Sign in/);
  assert.ok(await page.getByRole('button', { name: 'Sign in' }).isVisible());
  for (const label of ['RUC', 'User ID', 'Password'])
    assert.ok(await page.getByLabel(label, { exact: true }).isEditable(), label);
  for (const name of ['Operational procedures', 'Information services'])
    assert.ok(await page.getByRole('heading', { level: 2, name }).isVisible(), name);
  assert.ok(await page.getByRole('link', { name: 'User guide' }).isVisible());
  await shot(page, 'home-en');
  await axeCheck(page, 'home (English)');

  // Errors in English too.
  await page.getByLabel('RUC', { exact: true }).fill('1710034066001');
  await page.getByLabel('User ID', { exact: true }).fill('naviera');
  await page.getByLabel('Password', { exact: true }).fill('x');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/login'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  assert.match(await page.getByRole('alert').innerText(), /Please check the following\s+The RUC entered is not valid/);
  assert.equal(await page.getByLabel('User ID', { exact: true }).inputValue(), 'naviera');

  // Signed in, in English: OCE screen and main page.
  await page.getByLabel('RUC', { exact: true }).fill(NAVIERA.ruc);
  await page.getByLabel('Password', { exact: true }).fill(NAVIERA.clave);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/oce'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Choose the OCE type' }).waitFor();
  await page.getByLabel('OCE code', { exact: true }).selectOption('05909025');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/principal'),
    page.getByRole('button', { name: 'Enter', exact: true }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Electronic notifications' }).waitFor();
  const headers = await page.getByRole('columnheader').allInnerTexts();
  assert.deepEqual(headers.map((h) => h.trim()), ['State', 'From', 'To', 'Subject', 'Date']);
  for (const name of ['Operational procedures', 'Information services', 'Customer support', 'Single window'])
    assert.ok(await page.getByRole('heading', { level: 2, name }).isVisible(), name);
  assert.ok(await page.getByText('Unread', { exact: true }).first().isVisible());
  assert.ok(await page.getByLabel('Search notifications by subject', { exact: true }).isVisible());
  await shot(page, 'principal-en');
  await axeCheck(page, 'main page (English)');

  // "Español" comes back to the same page, in Spanish.
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/principal'),
    page.getByRole('link', { name: 'Español' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Notificaciones electrónicas' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'es');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/'),
    page.getByRole('button', { name: 'Cerrar sesión' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: 'Iniciar sesión' }).waitFor();
  assert.ok(await page.getByRole('link', { name: 'English' }).isVisible());
  assertNoProblems(page, [/status of 400/]);
  await page.context().close();
});

// A phone: the meta viewport is honoured (isMobile), 360 CSS pixels wide.
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

// Fails when the page is wider than the phone's screen.
async function assertFitsPhone(page, name) {
  const o = await horizontalOverflow(page, PHONE.viewport.width);
  const what = `${name} (${new URL(page.url()).pathname}): layout viewport ${o.innerWidth}px, ` +
    `scrolls ${o.scroll}px sideways; past the right edge of a 360px screen:\n  ` +
    (o.elements.slice(0, 12).join('\n  ') || '(none)');
  assert.ok(o.innerWidth === PHONE.viewport.width && o.scroll <= 0 && o.elements.length === 0, what);
}

// Sign-in and OCE choice on a phone, with the keyboard for the buttons (a page
// wider than the screen is zoomed out, which confuses pointer hit-testing).
async function phoneToMain(page) {
  await signIn(page, NAVIERA);
  await page.getByLabel('Código de OCE', { exact: true }).selectOption('05909025');
  await page.getByRole('button', { name: 'Ingresar' }).focus();
  await Promise.all([page.waitForURL((u) => u.pathname === '/principal'), page.keyboard.press('Enter')]);
}

test('teléfono (360×740): la página de inicio no se desplaza hacia los lados', T, async () => {
  const page = await app.newPage(PHONE);
  await page.goto('/');
  await assertFitsPhone(page, 'home');
  await shot(page, 'home-telefono');
  await axeCheck(page, 'home on a phone');

  // A long sign-in error still fits.
  await page.getByLabel('RUC', { exact: true }).fill('9992339411001');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/login'),
    page.getByRole('button', { name: 'Iniciar sesión' }).click(),
  ]);
  await assertFitsPhone(page, 'home with errors');
  await shot(page, 'home-error-telefono');

  await page.goto('/guia');
  await assertFitsPhone(page, 'guia');
  await page.goto('/no-existe');
  await assertFitsPhone(page, '404');
  await page.goto('/catalogos');
  await assertFitsPhone(page, 'catalogos');
  await page.goto('/catalogos/locode?q=bah');
  await assertFitsPhone(page, 'catalogo locode');
  await shot(page, 'catalogo-telefono');
  assertNoProblems(page, [/status of 40[04]/]);
  await page.context().close();
});

test('teléfono (360×740): la página principal y una notificación no se desplazan hacia los lados', T, async () => {
  const page = await app.newPage(PHONE);
  await phoneToMain(page);
  await assertFitsPhone(page, 'principal');
  // The wide table scrolls inside its own box, which fits the screen.
  const box = await page.locator('.table-wrap').evaluate((e) => e.getBoundingClientRect().right);
  assert.ok(box <= 360, `the table's box ends at ${box}px`);
  await shot(page, 'principal-telefono');
  await axeCheck(page, 'main page on a phone');

  await Promise.all([
    page.waitForURL(/\/notificaciones\/\d+$/),
    page.locator('tbody').getByRole('link').first().click(),
  ]);
  await assertFitsPhone(page, 'notificacion');
  await shot(page, 'notificacion-telefono');
  // A notice whose subject and body carry a long e-Doc number (21 characters
  // without a break) wraps it instead of scrolling sideways.
  await page.goto('/principal?q=e-Doc');
  await Promise.all([
    page.waitForURL(/\/notificaciones\/\d+$/),
    page.locator('tbody').getByRole('link').first().click(),
  ]);
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /e-Doc \d{20}P/);
  await assertFitsPhone(page, 'notificacion e-Doc');
  await shot(page, 'notificacion-edoc-telefono');
  assertNoProblems(page);
  await page.context().close();
});

test('teléfono (360×740): la pantalla de OCE no se desplaza hacia los lados', T, async () => {
  const page = await app.newPage(PHONE);
  await signIn(page, NAVIERA);
  await shot(page, 'oce-telefono');
  await assertFitsPhone(page, 'oce [02]');
  // The longest type name.
  await chooseType(page, '[06] AGENTE DE CARGA / CONSOLIDADORA');
  await assertFitsPhone(page, 'oce [06]');
  assertNoProblems(page);
  await page.context().close();
});
