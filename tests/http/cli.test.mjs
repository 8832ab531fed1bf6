// The aduana command line: ruc, --help, user add (password on stdin).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { GENERIC_ERROR, byId, cli, noticeRows, selectOptions, startServer } from './lib.mjs';

describe('aduana ruc and --help', () => {
  test('a valid company RUC: exit 0', () => {
    const r = cli(['ruc', '1790011674001']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '1790011674001: válido (RUC de sociedad privada 1790011674001)\n');
  });

  test('dashes and spaces are accepted and normalised', () => {
    let r = cli(['ruc', '1790-0116-74001']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '1790-0116-74001: válido (RUC de sociedad privada 1790011674001)\n');
    r = cli(['ruc', '1710 034 065 001']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /válido \(RUC de persona natural 1710034065001\)/);
  });

  test('a number typed in groups without quotes is one number', () => {
    let r = cli(['ruc', '1790', '011674', '001']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '1790 011674 001: válido (RUC de sociedad privada 1790011674001)\n');
    r = cli(['ruc', '1710', '034', '066', '001']);
    assert.equal(r.status, 1, 'the joined number is checked, and this one is wrong');
    assert.match(r.stdout, /^1710 034 066 001: inválido: /);
  });

  test('a company RUC with a bad check digit: valid with a warning, exit 0', () => {
    const r = cli(['ruc', '1790011675001']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^1790011675001: válido con advertencia \(RUC de sociedad privada 1790011675001\): /);
    assert.match(r.stdout, /dígito verificador no corresponde/);
  });

  test('a cédula is valid (as a cédula)', () => {
    const r = cli(['ruc', '1710034065']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /válido \(cédula 1710034065\)/);
  });

  test('invalid numbers: exit 1 with the reason', () => {
    const cases = {
      '1710034066001': /dígito verificador no corresponde: revise/,
      '17100340AB001': /Solo se admiten dígitos/,
      '171003406500': /13 dígitos \(RUC\) o 10 dígitos/,
      '9910034065001': /provincia/,
      '1790011674000': /establecimiento/,
      '1780011674001': /tercer dígito/,
    };
    for (const [n, reason] of Object.entries(cases)) {
      const r = cli(['ruc', n]);
      assert.equal(r.status, 1, n);
      assert.match(r.stdout, new RegExp(`^${n}: inválido: `), n);
      assert.match(r.stdout, reason, n);
    }
  });

  test('several numbers: one line each, exit 1 if any is invalid', () => {
    let r = cli(['ruc', '1790011674001', '1710034066001', '1790011675001']);
    assert.equal(r.status, 1);
    assert.equal(r.stdout.trim().split('\n').length, 3);
    r = cli(['ruc', '1790011674001', '1790011675001']);
    assert.equal(r.status, 0);
  });

  test('usage: --help exits 0 on stdout; no command or unknown command exits 2', () => {
    let r = cli(['--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^usage: aduana COMMAND/);
    for (const cmd of ['serve', 'user add', 'user unlock', 'user disable', 'ruc', 'seed-demo'])
      assert.ok(r.stdout.includes(cmd), `--help mentions ${cmd}`);
    r = cli(['-h']);
    assert.equal(r.status, 0);
    r = cli([]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /usage: aduana/);
    r = cli(['no-such-command']);
    assert.equal(r.status, 2);
    r = cli(['ruc']);
    assert.equal(r.status, 2);
  });
});

describe('aduana user add', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv.stop(); });

  const add = (args, input) => srv.cli(['user', 'add', ...args], { input });

  test('reads the password from stdin; the new user signs in with it', async () => {
    const r = add(['--ruc', '0992339411001', '--usuario', 'naviera.ops', '--nombre', 'Operaciones Navieras',
      '--email', 'ops@naviera.example', '--oce', '05909026:02,05909027:06'], 'Clave.De.Stdin.2026\n');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /user naviera\.ops of RUC 0992339411001 added/);
    const c = srv.client();
    await c.signInOk({ ruc: '0992339411001', usuario: 'naviera.ops', clave: 'Clave.De.Stdin.2026' });
    const oce = await c.get('/oce');
    assert.deepEqual(selectOptions(oce.text, 'tipo').map((o) => o.value), ['02', '06']);
    assert.deepEqual(selectOptions(oce.text, 'codigo'), [{ value: '05909026', text: '05909026', selected: true }],
      'only the codes given to this user');
    const x = await c.chooseOce('05909025', '02');
    assert.equal(x.status, 400, 'a code of the same RUC not given to this user');
    const ok = await c.chooseOce('05909026', '02');
    assert.equal(ok.status, 303);
    const page = await c.get('/principal');
    assert.deepEqual(noticeRows(page.text), []);
    assert.match(page.text, /No hay notificaciones\./);
    // The trailing newline is not part of the password.
    const bad = await srv.client().signIn('0992339411001', 'naviera.ops', 'Clave.De.Stdin.2026\n');
    assert.equal(bad.status, 401);
  });

  test('a password without a final newline is read too', async () => {
    const r = add(['--ruc', '1710034065001', '--usuario', 'sin.salto', '--nombre', 'X', '--email', 'x@y.example',
      '--oce', '29000001:01'], 'Clave.Sin.Salto');
    assert.equal(r.status, 0, r.stderr);
    await srv.client().signInOk({ ruc: '1710034065001', usuario: 'sin.salto', clave: 'Clave.Sin.Salto' });
  });

  test('refuses an OCE code that belongs to another RUC (and adds nothing)', async () => {
    const r = add(['--ruc', '1710034065001', '--usuario', 'intruso', '--nombre', 'Intruso', '--email', 'i@x.example',
      '--oce', '05909025:02'], 'Clave.Intruso.2026\n');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /belongs to another RUC/);
    const login = await srv.client().signIn('1710034065001', 'intruso', 'Clave.Intruso.2026');
    assert.equal(login.status, 401);
    assert.equal(byId(login.text, 'form-err'), GENERIC_ERROR);
    assert.equal(srv.sql("select count(*) from app_user where usuario = 'intruso'")[0][0], '0');
    // Nor a known code with another type.
    const r2 = add(['--ruc', '0992339411001', '--usuario', 'tipo.malo', '--nombre', 'X', '--email', 'x@y.example',
      '--oce', '05909025:06'], 'Clave.Tipo.2026\n');
    assert.equal(r2.status, 1);
    assert.equal(srv.sql("select count(*) from app_user where usuario = 'tipo.malo'")[0][0], '0');
  });

  test('refuses bad input: short password, bad RUC, bad --oce, duplicate user', () => {
    const ok = ['--nombre', 'X', '--email', 'x@y.example', '--oce', '29000001:01'];
    let r = add(['--ruc', '1710034065001', '--usuario', 'corta', ...ok], 'corta\n');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /at least 8/);
    r = add(['--ruc', '1710034066001', '--usuario', 'ruc.malo', ...ok], 'Clave.Larga.2026\n');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no es válido/);
    r = add(['--ruc', '1710034065', '--usuario', 'cedula', ...ok], 'Clave.Larga.2026\n');
    assert.equal(r.status, 1, 'a cédula is not a RUC');
    r = add(['--ruc', '1710034065001', '--usuario', 'oce.mala', '--nombre', 'X', '--email', 'x@y.example',
      '--oce', '2900001:01'], 'Clave.Larga.2026\n');
    assert.equal(r.status, 1);
    r = add(['--ruc', '1710034065001', '--usuario', 'con espacio', ...ok], 'Clave.Larga.2026\n');
    assert.equal(r.status, 1);
    r = add(['--ruc', '1710034065001', '--usuario', 'importador', ...ok], 'Clave.Larga.2026\n');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /already exists/);
    r = add(['--ruc', '1710034065001', '--usuario', 'sin.oce', '--nombre', 'X', '--email', 'x@y.example'], 'Clave.Larga.2026\n');
    assert.equal(r.status, 2, 'missing --oce is a usage error');
    assert.equal(srv.sql("select count(*) from app_user where usuario in " +
      "('corta', 'ruc.malo', 'cedula', 'oce.mala', 'con espacio', 'sin.oce')")[0][0], '0');
  });
});
