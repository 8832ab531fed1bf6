// The aduana command line: ruc, --help, user add (password on stdin).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  BIN, ENGINE, GENERIC_ERROR, SCHEMA_VERSION, byId, cli, dropStore, freshStore, noticeRows, selectOptions, sleep, startServer,
} from './lib.mjs';

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

describe('aduana serve', () => {
  test('a second server on a port in use refuses to start, saying why', async () => {
    const srv = await startServer();
    try {
      const r = spawnSync(BIN, ['serve', '--db', srv.db, '--listen', `127.0.0.1:${srv.port}`],
        { encoding: 'utf8', timeout: 20000 });
      assert.equal(r.status, 1, `exit status ${r.status}; stderr: ${r.stderr}`);
      assert.match(r.stderr, /address is already in use/);
      assert.doesNotMatch(r.stdout, /listening on/);
      // The first server still answers alone.
      assert.equal((await srv.client().get('/')).status, 200);
    } finally {
      await srv.stop();
    }
  });

  test('one access-log line per request: method, path without the query, status, bytes, time', async () => {
    const srv = await startServer();
    try {
      const c = srv.client();
      await c.get('/guia?secreto=no-debe-salir');
      await c.get('/no-existe');
      // The line is written once the response is out: wait for it.
      for (let i = 0; i < 50 && !/ GET \/no-existe /.test(srv.stderr); i++) await sleep(100);
      const lines = srv.stderr.split('\n').filter((l) => / access /.test(l));
      const guia = lines.find((l) => / GET \/guia /.test(l));
      assert.ok(guia, `no line for /guia in:\n${srv.stderr}`);
      assert.match(guia, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ access GET \/guia 200 \d+ \d+us$/);
      assert.ok(!srv.stderr.includes('secreto'), 'the query string is never logged');
      assert.ok(lines.some((l) => / GET \/no-existe 404 /.test(l)));
    } finally {
      await srv.stop();
    }
  });

  test('ADUANA_ACCESS_LOG=0 writes no access lines', async () => {
    const srv = await startServer({ env: { ADUANA_ACCESS_LOG: '0' } });
    try {
      await srv.client().get('/');
      assert.ok(!/ access /.test(srv.stderr), srv.stderr);
    } finally {
      await srv.stop();
    }
  });

  test('aduana migrate names the engine and the schema version', () => {
    const srv = { db: freshStore(mkdtempSync(path.join(tmpdir(), 'aduana-mig-'))) };
    try {
      const r = cli(['migrate', '--db', srv.db]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`\\(${ENGINE}\\) at schema version ${SCHEMA_VERSION}`));
      const again = cli(['migrate', '--db', srv.db]);
      assert.equal(again.status, 0);
      assert.equal(again.stdout, r.stdout, 'a second migrate changes nothing');
    } finally {
      dropStore(srv.db);
    }
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
      '--oce', '29000001:01'], 'Clave.Sin.Salto.De.Linea');
    assert.equal(r.status, 0, r.stderr);
    await srv.client().signInOk({ ruc: '1710034065001', usuario: 'sin.salto', clave: 'Clave.Sin.Salto.De.Linea' });
  });

  test('refuses an OCE code that belongs to another RUC (and adds nothing)', async () => {
    const r = add(['--ruc', '1710034065001', '--usuario', 'intruso', '--nombre', 'Intruso', '--email', 'i@x.example',
      '--oce', '05909025:02'], 'Puerta.Trasera.2026\n');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /belongs to another RUC/);
    const login = await srv.client().signIn('1710034065001', 'intruso', 'Puerta.Trasera.2026');
    assert.equal(login.status, 401);
    assert.equal(byId(login.text, 'form-err'), GENERIC_ERROR);
    assert.equal(srv.sql("select count(*) from app_user where usuario = 'intruso'")[0][0], '0');
    // Nor a known code with another type.
    const r2 = add(['--ruc', '0992339411001', '--usuario', 'tipo.malo', '--nombre', 'X', '--email', 'x@y.example',
      '--oce', '05909025:06'], 'Clave.Tipo.2026\n');
    assert.equal(r2.status, 1);
    assert.equal(srv.sql("select count(*) from app_user where usuario = 'tipo.malo'")[0][0], '0');
  });

  test('refuses a password that fails the policy (domain/pwpolicy.h), and adds nothing', () => {
    const args = (usuario) => ['--ruc', '1710034065001', '--usuario', usuario, '--nombre', 'Juan Pérez',
      '--email', 'jperez@example.test', '--oce', '29000001:01'];
    const cases = [
      ['once.letra', 'Ñandú.Pérez', /at least 12 characters/],   // 11 code points, 13 bytes
      ['comun', 'Password2026!!', /too common/],
      ['comun.es', 'Contraseña123\n', /too common/],
      ['juanperez', 'JuanPerez.2026\n', /your own data/],
      ['control', 'una\tclave con tabulador\n', /not allowed/],
    ];
    for (const [usuario, pw, why] of cases) {
      const r = add(args(usuario), pw);
      assert.equal(r.status, 1, `${usuario}: ${r.stderr}`);
      assert.match(r.stderr, why, usuario);
    }
    assert.equal(srv.sql("select count(*) from app_user where usuario in " +
      "('once.letra', 'comun', 'comun.es', 'juanperez', 'control')")[0][0], '0');
    const ok = add(args('juan.frase'), 'caballo batería grapa correcto\n');
    assert.equal(ok.status, 0, ok.stderr);
  });

  test('refuses bad input: short password, bad RUC, bad --oce, duplicate user', () => {
    const ok = ['--nombre', 'X', '--email', 'x@y.example', '--oce', '29000001:01'];
    let r = add(['--ruc', '1710034065001', '--usuario', 'corta', ...ok], 'corta\n');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /at least 12 characters/);
    r = add(['--ruc', '1710034066001', '--usuario', 'ruc.malo', ...ok], 'Clave.Larga.2026\n');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no es válido/);
    r = add(['--ruc', '1710034066', '--usuario', 'cedula', ...ok], 'Clave.Larga.2026\n');
    assert.equal(r.status, 1, 'a cédula with a wrong check digit');
    assert.match(r.stderr, /dígito verificador/);
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

describe('aduana bench-data', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv.stop(); });

  test('generated OCE codes, users and documents a bench user finds in its lists', async () => {
    let r = srv.cli(['bench-data', '--documents', '600', '--oces', '6']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^bench-data: 600 documents of 6 OCE codes added to .* in [\d.]+ s \(users bench1\.\.bench6, password Bench\.2026\)\n$/);
    assert.equal(srv.sql('select count(*) from document')[0][0], '600');
    assert.equal(srv.sql("select count(*) from document where transmission = 'Error'")[0][0], '30', 'one in twenty refused');
    assert.equal(srv.sql("select count(distinct oce_code) from document where oce_code like '7%'")[0][0], '6');
    assert.equal(srv.sql("select count(*) from document_event where oce_code = '70000000'")[0][0],
      srv.sql("select count(*) + sum(case when state is not null and state <> 'Registrado' then 1 else 0 end) from document where oce_code = '70000000'")[0][0],
      'one event each, two when customs acted');
    assert.equal(srv.sql("select last from entrega_seq where oce_code = '70000001'")[0][0], '100');
    const c = srv.client();
    await c.enter({ ruc: '0991000003001', usuario: 'bench1', clave: 'Bench.2026' }, '70000000');
    const year = new Date(Date.now() - 5 * 3600 * 1000).getUTCFullYear();
    const page = await c.get(`/tramites?periodo=rango&desde=01/01/${year}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Resultado : 100\b/, 'the 100 documents of OCE 70000000');
    r = srv.cli(['bench-data', '--documents', '10', '--oces', '2']);
    assert.equal(r.status, 1, 'twice: refused');
    assert.match(r.stderr, /bench data already/);
    assert.equal(srv.sql('select count(*) from document')[0][0], '600', 'nothing half-added');
    for (const bad of [['--documents', '0', '--oces', '1'], ['--documents', '5'], ['--documents', 'x', '--oces', '2'],
      ['--documents', '5', '--oces', '10000000']]) {
      r = srv.cli(['bench-data', ...bad]);
      assert.equal(r.status, 2, bad.join(' '));
    }
  });
});
