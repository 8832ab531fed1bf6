// Shared helpers of the browser suite: a fresh aduana server per test file
// (temporary folder, fresh store, seed-demo), Debian's chromium driven by
// playwright-core, an axe-core check and screenshots.
//
// Run from the repository root:
//   ADUANA_BIN=build/aduana node --test --test-concurrency=1 tests/browser/
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const screenshotDir = path.join(here, 'screenshots');

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// The demo users that `aduana seed-demo` adds (README.md).
export const NAVIERA = { ruc: '0992339411001', usuario: 'naviera', clave: 'Naviera.2026' };
export const AGENTE = { ruc: '1790011674001', usuario: 'agente', clave: 'Agente.2026' };
export const IMPORTADOR = { ruc: '1710034065001', usuario: 'importador', clave: 'Importador.2026' };

export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function binPath() {
  const b = process.env.ADUANA_BIN;
  const p = b ? path.resolve(process.cwd(), b) : path.join(repoRoot, 'build', 'aduana');
  if (!existsSync(p))
    throw new Error(`aduana binary not found at ${p}: run "make -j2 all" or set ADUANA_BIN`);
  return p;
}

// The environment of the server: the caller's, without any ADUANA_* setting
// that could change what the tests see, plus `extra`.
function serverEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('ADUANA_')) env[k] = v;
  return { ...env, ...extra };
}

// Starts `aduana serve` on a free port with a fresh, seeded store.
// Returns { url, dir, log(), stop() }; stop() throws if the server had
// crashed, does not stop cleanly on SIGTERM, or logged an error.
export async function startServer({ env: extra = {} } = {}) {
  const bin = binPath();
  const dir = mkdtempSync(path.join(tmpdir(), 'aduana-browser-'));
  const db = path.join(dir, 'aduana.db');
  // Mail with no relay goes to a maildir in the test's directory, not the working tree's var/.
  const env = serverEnv({ ADUANA_DATA_DIR: path.join(dir, 'var'), ...extra });
  const seed = spawnSync(bin, ['seed-demo', '--db', db], { env, encoding: 'utf8', timeout: 30000 });
  if (seed.status !== 0)
    throw new Error(`aduana seed-demo failed (${seed.status}): ${seed.stderr}${seed.stdout}`);
  // The code lists, as `make run` loads them.
  const cat = spawnSync(bin, ['catalog', 'import', '--db', db, '--data', path.join(repoRoot, 'data')],
    { env, encoding: 'utf8', timeout: 60000 });
  if (cat.status !== 0)
    throw new Error(`aduana catalog import failed (${cat.status}): ${cat.stderr}${cat.stdout}`);

  const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); });
  });
  // Never leave a server behind, even when the test process ends abruptly.
  const killOnExit = () => { if (exited === null) child.kill('SIGKILL'); };
  process.on('exit', killOnExit);
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { err += d; });
  child.stdout.setEncoding('utf8');

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`aduana serve did not start in 10 s:\n${err}`));
    }, 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /aduana: listening on (http:\/\/\S+?)\/?\s/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    exitPromise.then((e) => {
      clearTimeout(timer);
      reject(new Error(`aduana serve exited at start (${JSON.stringify(e)}):\n${err}`));
    });
  });

  return {
    url,
    dir,
    pid: child.pid,
    log: () => err,
    get running() { return exited === null; },
    async stop() {
      try {
        if (exited !== null)
          throw new Error(`aduana serve had stopped by itself (${JSON.stringify(exited)}):\n${err.slice(-4000)}`);
        child.kill('SIGTERM');
        let timer;
        const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), 10000); });
        const e = await Promise.race([exitPromise, timeout]);
        clearTimeout(timer);
        if (e === null) {
          child.kill('SIGKILL');
          throw new Error(`aduana serve did not stop within 10 s of SIGTERM:\n${err.slice(-4000)}`);
        }
        if (e.code !== 0)
          throw new Error(`aduana serve stopped with ${JSON.stringify(e)}:\n${err.slice(-4000)}`);
        const errors = err.split('\n').filter((l) => /^\S+ error /.test(l));
        if (errors.length)
          throw new Error(`aduana serve logged errors:\n${errors.slice(0, 20).join('\n')}`);
      } finally {
        process.off('exit', killOnExit);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export async function launchBrowser() {
  // playwright-core gives chromium a fresh temporary --user-data-dir of its
  // own and removes it on close.
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30000 });
}

// Options of every test: a time limit, so that a stuck page fails the test
// instead of hanging the run.
export const T = { timeout: 60000 };

// Registers the before/after hooks of a test file: one server and one
// browser for the whole file. Returns an object filled in by `before`:
//   app.url, app.server, app.browser, app.newPage(options)
// newPage opens a fresh context (own cookies) and records the console errors
// and uncaught exceptions of its pages in page.problems.
export function useApp({ env } = {}) {
  const app = {};
  before(async () => {
    app.server = await startServer({ env });
    app.url = app.server.url;
    app.browser = await launchBrowser();
  }, { timeout: 60000 });
  after(async () => {
    let browserError = null;
    try {
      if (app.browser) await app.browser.close();
    } catch (e) {
      browserError = e;
    }
    if (app.server) await app.server.stop();   // throws if it crashed
    if (browserError) throw browserError;
  }, { timeout: 30000 });
  app.newPage = async (options = {}) => {
    const context = await app.browser.newContext({ baseURL: app.url, locale: 'es-EC', ...options });
    context.setDefaultTimeout(10000);
    context.setDefaultNavigationTimeout(15000);
    const page = await context.newPage();
    page.problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error') page.problems.push(`console: ${m.text()} (${page.url()})`);
    });
    page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message} (${page.url()})`));
    return page;
  };
  return app;
}

// Fails when the page logged console errors (CSP refusals, failed loads,
// script exceptions). `allow` lists patterns of expected messages.
export function assertNoProblems(page, allow = []) {
  const left = page.problems.filter((p) => !allow.some((re) => re.test(p)));
  assert.deepEqual(left, [], `browser console errors:\n${left.join('\n')}`);
}

// Injects axe-core and fails on any violation of impact serious or critical.
// The page must run JavaScript (a context with javaScriptEnabled: false never
// answers page.evaluate): to check a page as it is without JavaScript, block
// the portal's own script instead (see noPortalScript).
// The portal's CSP (script-src 'self') refuses script tags added by the test,
// so the source is evaluated through the DevTools protocol instead, which the
// page's CSP does not govern. Returns all the violations (for information).
export async function axeCheck(page, name = page.url()) {
  const hasAxe = await page.evaluate(() => typeof window.axe === 'object');
  if (!hasAxe) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = (list) => list.map((v) => `[${v.impact}] ${v.id}: ${v.help}\n` +
    v.nodes.map((n) => `    ${n.target}  ${n.html}\n      ${(n.summary || '').replace(/\n/g, '\n      ')}`).join('\n')).join('\n');
  const minor = result.filter((v) => !bad.includes(v));
  if (minor.length) console.log(`axe (${name}) minor/moderate:\n${text(minor)}`);
  assert.equal(bad.length, 0, `axe (${name}): serious or critical violations:\n${text(bad)}`);
  return result;
}

// Makes the page behave as in a browser without JavaScript for the portal's
// own script (static/app.js is served empty) while tests can still evaluate.
export async function noPortalScript(page) {
  await page.route(/\/static\/app[^/]*\.js(\?.*)?$/, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
}

// A full-page screenshot in tests/browser/screenshots/NAME.png.
export async function shot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

// Step 2 of the guide: RUC, ID. Usuario, Contraseña, "Iniciar sesión".
export async function signIn(page, user = NAVIERA) {
  await page.goto('/');
  await page.getByLabel('RUC', { exact: true }).fill(user.ruc);
  await page.getByLabel('ID. Usuario', { exact: true }).fill(user.usuario);
  await page.getByLabel('Contraseña', { exact: true }).fill(user.clave);
  await Promise.all([
    page.waitForURL((u) => u.pathname !== '/'),   // /oce, or /login with the errors
    page.getByRole('button', { name: 'Iniciar sesión' }).click(),
  ]);
}

// Chooses a Tipo de OCE by its label ("[06] ...") and waits for the list of
// codes to be refreshed (by app.js at once; without JavaScript the caller
// must use "Mostrar códigos").
export async function chooseType(page, typeLabel) {
  const code = /^\[(\d\d)\]/.exec(typeLabel)[1];
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/oce' && u.searchParams.get('tipo') === code),
    page.getByLabel('Tipo de OCE', { exact: true }).selectOption({ label: typeLabel }),
  ]);
}

// Steps 2–3: signs in and enters with the OCE code `code` of type `typeLabel`.
export async function signInWithOce(page, user = NAVIERA, typeLabel = '[02] LINEA NAVIERA', code = '05909025') {
  await signIn(page, user);
  assert.equal(new URL(page.url()).pathname, '/oce');
  const tipo = page.getByLabel('Tipo de OCE', { exact: true });
  if ((await tipo.locator('option:checked').textContent()).trim() !== typeLabel)
    await chooseType(page, typeLabel);
  await page.getByLabel('Código de OCE', { exact: true }).selectOption(code);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/principal'),
    page.getByRole('button', { name: 'Ingresar' }).click(),
  ]);
}

// The admin officer turns the electronic acceptance of DAI and DAE off (or
// on) at /reglas, as a person would; for the tests of the operator's side
// that need a declaration to stay Registrado.
export async function setElectronicAcceptance(app, on) {
  const page = await app.newPage();
  await page.goto('/funcionarios');
  await page.getByLabel('ID. Usuario', { exact: true }).fill('admin');
  await page.getByLabel('Contraseña', { exact: true }).fill('Admin.2026');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/bandeja'),
    page.getByRole('button', { name: 'Iniciar sesión' }).click(),
  ]);
  await page.goto('/reglas');
  await page.getByLabel('Aceptación electrónica de DAI y DAE (sin funcionario)').setChecked(on);
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('hecho') === '1'),
    page.getByRole('button', { name: 'Guardar ajustes' }).click(),
  ]);
  await page.context().close();
}

// The visible option texts of a <select>.
export async function optionTexts(select) {
  return select.locator('option').evaluateAll((os) => os.map((o) => o.textContent.trim()));
}

// The horizontal overflow of the page: how far the document scrolls
// sideways (CSS pixels, 0 when none), the width of the layout viewport (on an
// emulated phone it grows past the screen when the content is wider), and the
// elements that stick out past `width` (the screen) other than inside a
// scrolling box.
export async function horizontalOverflow(page, width) {
  return page.evaluate((width) => {
    width = width || window.innerWidth;
    const clipped = (e) => {
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
      }
      return false;
    };
    const wide = [];
    for (const e of document.body.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 0.5 || clipped(e)) continue;
      if (getComputedStyle(e).position === 'absolute' && r.left < 0) continue;   // off-screen on purpose (skip link)
      wide.push(e);
    }
    // The innermost ones first: they are what pushes the others out.
    const inner = wide.filter((e) => !wide.some((d) => d !== e && e.contains(d)));
    const out = [...inner, ...wide.filter((e) => !inner.includes(e))].map((e) => {
      const r = e.getBoundingClientRect();
      const cls = typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '';
      return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${cls} (right edge ${Math.round(r.right)}px, ` +
        `width ${Math.round(r.width)}px${inner.includes(e) ? ', innermost' : ''})`;
    });
    return {
      scroll: document.scrollingElement.scrollWidth - window.innerWidth,
      innerWidth: window.innerWidth,
      elements: out,
    };
  }, width);
}
