// Correo saliente in a browser: the admin follows the back office's link to
// the outbox, filters it by state and reads a message's attempts and state;
// the screen passes axe's checks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { T, useApp, axeCheck, shot, assertNoProblems, repoRoot } from './lib.mjs';

const app = useApp({ env: { ADUANA_MAIL_POLL_MS: '50' } });

test('correo: the admin reads the outbox', T, async () => {
  const bin = path.resolve(process.cwd(), process.env.ADUANA_BIN || path.join(repoRoot, 'build', 'aduana'));
  const q = spawnSync(bin, ['mail', 'test', '--to', 'prueba@correo.example', '--db', path.join(app.server.dir, 'aduana.db')],
    { encoding: 'utf8' });
  assert.equal(q.status, 0, q.stderr);
  const page = await app.newPage();
  await page.goto('/funcionarios');
  await page.getByLabel('ID. Usuario', { exact: true }).fill('admin');
  await page.getByLabel('Contraseña', { exact: true }).fill('Admin.2026');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/bandeja'),
    page.getByRole('button', { name: 'Iniciar sesión' }).click(),
  ]);
  await page.getByRole('link', { name: 'Correo saliente' }).click();
  await page.getByRole('heading', { level: 1, name: 'Correo saliente' }).waitFor();
  await page.getByLabel('Estado', { exact: true }).selectOption({ label: 'Enviado' });
  await page.getByRole('button', { name: 'Consultar' }).click();
  await page.waitForURL((u) => u.searchParams.get('estado') === 'enviado');
  const row = page.getByRole('table', { name: 'Correo saliente' }).getByRole('row').filter({ hasText: 'prueba@correo.example' });
  await row.getByText('Enviado').waitFor();
  await axeCheck(page, 'correo');
  await shot(page, 'correo');
  assertNoProblems(page);
});
