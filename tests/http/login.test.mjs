// Sign-in: RUC validation, the one generic error, lockout, admin unlock,
// disabled users, and the audit trail of it all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { AGENTE, GENERIC_ERROR, IMPORTADOR, NAVIERA, byId, noticeRows, startServer, textOf } from './lib.mjs';

const UNBLOCK_SUBJECT = 'COMUNICADO DE ADUANA - ALERTA DE DESBLOQUEO';
const BLOCKED_RE = /Su cuenta está bloqueada por superar el número de intentos fallidos/;

describe('sign-in', () => {
  let srv;
  let n = 0;
  /* A fresh user of agente's RUC and OCE, so tests do not share failure counters. */
  const freshUser = () => srv.addUser({ usuario: `prueba${++n}` });

  before(async () => { srv = await startServer(); });
  after(async () => { await srv.stop(); });

  /* Signs in with the given RUC; asserts a 400 that names the RUC problem. */
  async function badRuc(ruc, reason) {
    const c = srv.client();
    const r = await c.signIn(ruc, NAVIERA.usuario, NAVIERA.clave);
    assert.equal(r.status, 400, `RUC ${JSON.stringify(ruc)}`);
    const msg = byId(r.text, 'ruc-err');
    assert.ok(msg, `RUC ${ruc}: a message at the RUC field`);
    assert.ok(msg.startsWith('El RUC ingresado no es válido: '), msg);
    assert.match(msg, reason, `RUC ${ruc}: the reason`);
    assert.match(r.text, /id="ruc"[^>]*aria-invalid="true"/);
    assert.notEqual(byId(r.text, 'form-err'), GENERIC_ERROR);
    assert.ok(!r.cookie('aduana_s'), 'no session');
    return r;
  }

  test('a bad RUC is refused with 400 and the reason', async () => {
    // 13 digits, natural person (third digit < 6) with a wrong check digit.
    await badRuc('1710034066001', /dígito verificador no corresponde/);
    // A cédula (10 digits) with a wrong check digit.
    await badRuc('1710034066', /dígito verificador no corresponde/);
    // Letters.
    await badRuc('17100340AB001', /Solo se admiten dígitos, espacios y guiones/);
    await badRuc('ABCDEFGHIJKLM', /Solo se admiten dígitos/);
    // Wrong length, bad province, zero establishment, empty.
    await badRuc('17100340650', /13 dígitos \(RUC\) o 10 dígitos/);
    await badRuc('9910034065001', /provincia/);
    await badRuc('1710034065000', /establecimiento/);
    await badRuc('', /Escriba el número/);
    // A bad RUC is not a failed attempt: nothing is counted or audited as one.
    const [[failures]] = srv.sql("select failures from app_user where usuario = 'naviera'");
    assert.equal(failures, '0');
    // The value typed is kept (escaped) in the form.
    const r = await badRuc('<b>1</b>', /Solo se admiten/);
    assert.ok(!r.text.includes('<b>1</b>'), 'the typed RUC is HTML-escaped');
    assert.match(r.text, /value="&lt;b&gt;1&lt;\/b&gt;"/);
  });

  test('a RUC with dashes and spaces is accepted', async () => {
    const c = srv.client();
    const r = await c.signIn('1710-0340 65001', IMPORTADOR.usuario, IMPORTADOR.clave);
    assert.equal(r.status, 303);
    assert.equal(r.location, '/oce');
  });

  test('a user registered without a RUC signs in with the cédula (10 digits)', async () => {
    const u = srv.addUser({ ruc: '1710034065', usuario: 'con.cedula', oce: '29000099:01' });
    const r = await srv.client().signIn('171003406-5', u.usuario, u.clave);
    assert.equal(r.status, 303, byId(r.text, 'form-err') ?? '');
    assert.equal(r.location, '/oce');
    // The same cédula typed as if it were a RUC of that person is another identity.
    const other = await srv.client().signIn('1710034065001', u.usuario, u.clave);
    assert.equal(other.status, 401);
  });

  test('every invalid field is named next to it and listed in the summary', async () => {
    const r = await srv.client().signIn('12', '', '');
    assert.equal(r.status, 400);
    const summary = [...r.text.matchAll(/<li><a href="#([a-z]+)">([^<]*)<\/a><\/li>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(summary.map((x) => x[0]), ['ruc', 'usuario', 'clave'], 'three messages, in form order');
    assert.match(byId(r.text, 'ruc-err'), /^El RUC ingresado no es válido: /);
    assert.equal(byId(r.text, 'usuario-err'), 'Ingrese su ID. Usuario.');
    assert.equal(byId(r.text, 'clave-err'), 'Ingrese su Contraseña.');
  });

  test('a control character in the user ID is named, not a generic failure', async () => {
    const r = await srv.client().signIn(NAVIERA.ruc, 'nav\u0001iera', NAVIERA.clave);
    assert.equal(r.status, 400);
    assert.equal(byId(r.text, 'usuario-err'), 'ID. Usuario: contiene caracteres de control que no se admiten.');
  });

  test('empty user or password: 400 naming the field', async () => {
    let r = await srv.client().signIn(NAVIERA.ruc, '', NAVIERA.clave);
    assert.equal(r.status, 400);
    assert.equal(byId(r.text, 'usuario-err'), 'Ingrese su ID. Usuario.');
    r = await srv.client().signIn(NAVIERA.ruc, NAVIERA.usuario, '');
    assert.equal(r.status, 400);
    assert.equal(byId(r.text, 'clave-err'), 'Ingrese su Contraseña.');
  });

  test('wrong password, unknown user and wrong (valid) RUC give the identical generic error', async () => {
    const u = freshUser();
    const cases = {
      'wrong password': [u.ruc, u.usuario, 'Otra.Clave.99'],
      'unknown user': [u.ruc, 'nadie-existe', u.clave],
      'valid RUC of another company': [NAVIERA.ruc, u.usuario, u.clave],
      'valid RUC with a check-digit warning': ['1790011675001', u.usuario, u.clave],
      'user of another RUC with its own password': [IMPORTADOR.ruc, NAVIERA.usuario, NAVIERA.clave],
    };
    const seen = {};
    for (const [name, args] of Object.entries(cases)) {
      const r = await srv.client().signIn(...args);
      assert.equal(r.status, 401, name);
      seen[name] = { form: byId(r.text, 'form-err'), summary: byId(r.text, 'errores'), ruc: byId(r.text, 'ruc-err') };
      assert.ok(!r.cookie('aduana_s'), `${name}: no session`);
    }
    for (const [name, s] of Object.entries(seen)) {
      assert.equal(s.form, GENERIC_ERROR, name);
      assert.equal(s.ruc, undefined, `${name}: nothing at the RUC field`);
      assert.equal(s.summary, seen['wrong password'].summary, `${name}: same error summary`);
    }
    // The right password still works (1 failure < 5).
    const c = srv.client();
    await c.signInOk(u);
    const [[failures]] = srv.sql(`select failures from app_user where usuario = '${u.usuario}'`);
    assert.equal(failures, '0', 'a success resets the failure counter');
  });

  test('5 failures block the account; then even the right password is refused', async () => {
    const u = freshUser();
    for (let i = 1; i <= 4; i++) {
      const r = await srv.client().signIn(u.ruc, u.usuario, `Mala.Clave.${i}`);
      assert.equal(r.status, 401, `failure ${i}`);
      assert.equal(byId(r.text, 'form-err'), GENERIC_ERROR);
    }
    let r = await srv.client().signIn(u.ruc, u.usuario, 'Mala.Clave.5');
    assert.equal(r.status, 403, 'the 5th failure blocks');
    assert.match(byId(r.text, 'form-err'), BLOCKED_RE);
    // Default lock time is 30 minutes: the message says when it unblocks by itself.
    assert.match(byId(r.text, 'form-err'), /vuelva a intentarlo después de \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}\./);
    r = await srv.client().signIn(u.ruc, u.usuario, u.clave);
    assert.equal(r.status, 403, 'right password while blocked');
    assert.match(byId(r.text, 'form-err'), BLOCKED_RE);
    assert.ok(!r.cookie('aduana_s'), 'no session while blocked');
    r = await srv.client().signIn(u.ruc, u.usuario, 'Mala.Clave.6');
    assert.equal(r.status, 403);
    const [[blockedAt]] = srv.sql(`select coalesce(blocked_at, 0) from app_user where usuario = '${u.usuario}'`);
    assert.ok(Number(blockedAt) > 0);
    const events = srv.sql(`select event, addr from audit where usuario = '${u.usuario}' order by id`);
    assert.deepEqual(events.map((e) => e[0]), [
      'login_failed', 'login_failed', 'login_failed', 'login_failed', 'block', 'login_blocked', 'login_blocked',
    ]);
    assert.ok(events.every((e) => e[1] === '127.0.0.1'));
  });

  test('admin unlock (CLI) puts the unblock notice in the mailbox and audits it', async () => {
    const u = freshUser();
    for (let i = 1; i <= 5; i++) await srv.client().signIn(u.ruc, u.usuario, `Mala.Clave.${i}`);
    assert.equal((await srv.client().signIn(u.ruc, u.usuario, u.clave)).status, 403);
    const res = srv.cli(['user', 'unlock', '--ruc', u.ruc, '--usuario', u.usuario]);
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /unblocked/);
    const c = srv.client();
    await c.enter(u, '23902040');
    const rows = noticeRows((await c.get('/principal')).text);
    assert.equal(rows.length, 1, 'a fresh user has only the unblock notice');
    assert.equal(rows[0].asunto, UNBLOCK_SUBJECT);
    assert.equal(rows[0].de, 'SENAE');
    assert.equal(rows[0].destinatario, 'BUZON PERSONAL');
    assert.ok(rows[0].unread);
    const body = await c.get(rows[0].href);
    assert.match(textOf(body.text), new RegExp(u.usuario));
    const audit = srv.sql(`select event, addr, detail, CASE WHEN user_id IS NOT NULL THEN 1 ELSE 0 END from audit ` +
      `where usuario = '${u.usuario}' and event = 'unblock'`);
    assert.deepEqual(audit, [['unblock', 'cli', 'administrador', '1']]);
    // Unlocking an account that is not blocked changes nothing.
    const again = srv.cli(['user', 'unlock', '--ruc', u.ruc, '--usuario', u.usuario]);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /not blocked/);
    assert.equal(srv.sql(`select count(*) from notice n join app_user a on a.id = n.user_id ` +
      `where a.usuario = '${u.usuario}'`)[0][0], '1');
    // Unknown user: exit 1.
    assert.equal(srv.cli(['user', 'unlock', '--ruc', u.ruc, '--usuario', 'nadie']).status, 1);
  });

  test('a disabled user cannot sign in, and `user disable` ends its sessions', async () => {
    const u = freshUser();
    const c = srv.client();
    await c.enter(u, '23902040');
    const pending = srv.client();
    await pending.signInOk(u);   // a session still at the OCE choice
    assert.equal((await c.get('/principal')).status, 200);
    const res = srv.cli(['user', 'disable', '--ruc', u.ruc, '--usuario', u.usuario]);
    assert.equal(res.status, 0, res.stderr);
    let r = await c.get('/principal');
    assert.equal(r.status, 303, 'the open session is over');
    assert.equal(r.location, '/');
    r = await pending.get('/oce');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/');
    r = await srv.client().signIn(u.ruc, u.usuario, u.clave);
    assert.equal(r.status, 403);
    assert.match(byId(r.text, 'form-err'), /deshabilitado/);
    assert.ok(!r.cookie('aduana_s'));
    // A wrong password for a disabled user still gets the generic message.
    r = await srv.client().signIn(u.ruc, u.usuario, 'Otra.Clave.1');
    assert.equal(r.status, 401);
    assert.equal(byId(r.text, 'form-err'), GENERIC_ERROR);
    const ev = srv.sql(`select event, addr from audit where usuario = '${u.usuario}' ` +
      `and event in ('disable', 'login_disabled') order by id`);
    assert.deepEqual(ev, [['disable', 'cli'], ['login_disabled', '127.0.0.1']]);
    assert.equal(srv.sql(`select count(*) from session s join app_user a on a.id = s.user_id ` +
      `where a.usuario = '${u.usuario}'`)[0][0], '0');
  });

  test('parallel sign-ins: all answered; one block after exactly 5 failures', async () => {
    const bad = freshUser();
    const attempts = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      srv.client().signIn(bad.ruc, bad.usuario, `Mala.Clave.${i}`)));
    const statuses = attempts.map((r) => r.status).sort();
    // Five checks may be in flight at once (max failures 5): four fail with
    // 401, the fifth blocks (403); the other three were refused unchecked,
    // as blocked (403) or, while the five were in flight, as busy (503).
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 403], statuses.join());
    for (const s of statuses.slice(5)) assert.ok(s === 403 || s === 503, statuses.join());
    assert.equal(srv.sql(`select count(*) from audit where usuario = '${bad.usuario}' and event = 'block'`)[0][0], '1');
    // Exactly five passwords were really checked (four failures and the
    // blocking one).
    assert.equal(srv.sql(`select count(*) from audit where usuario = '${bad.usuario}' ` +
      `and event in ('login_failed', 'block')`)[0][0], '5');
    assert.equal(srv.sql(`select failures from app_user where usuario = '${bad.usuario}'`)[0][0], '5');
    const ok = await Promise.all(Array.from({ length: 6 }, () =>
      srv.client().signIn(IMPORTADOR.ruc, IMPORTADOR.usuario, IMPORTADOR.clave)));
    assert.deepEqual(ok.map((r) => r.status), [303, 303, 303, 303, 303, 303]);
    assert.equal(new Set(ok.map((r) => r.cookie('aduana_s').value)).size, 6, 'six distinct sessions');
  });

  test('audit rows for login, failure, block, oce and logout carry 127.0.0.1', async () => {
    const u = freshUser();
    const c = srv.client();
    await srv.client().signIn(u.ruc, u.usuario, 'Mala.Clave.1');
    await c.enter(u, '23902040');
    assert.equal((await c.logout()).status, 303);
    const t = Math.floor(Date.now() / 1000);
    const rows = srv.sql(`select at, event, ruc, usuario, user_id, coalesce(oce_code, ''), addr, detail ` +
      `from audit where usuario = '${u.usuario}' order by id`);
    assert.deepEqual(rows.map((x) => x[1]), ['login_failed', 'login', 'oce', 'logout']);
    const [[uid]] = srv.sql(`select id from app_user where usuario = '${u.usuario}'`);
    for (const [at, , ruc, usuario, userId, , addr] of rows) {
      assert.equal(addr, '127.0.0.1');
      assert.equal(ruc, u.ruc);
      assert.equal(usuario, u.usuario);
      assert.equal(userId, uid);
      assert.ok(Math.abs(Number(at) - t) <= 5, 'at is the time of the event');
    }
    assert.equal(rows[0][7], 'contraseña');
    assert.equal(rows[2][5], '23902040', 'oce row names the code');
    assert.equal(rows[3][5], '23902040', 'logout row names the code');
    // Unknown users are audited too, without a user id.
    await srv.client().signIn(AGENTE.ruc, 'fantasma', 'Mala.Clave.1');
    assert.deepEqual(srv.sql("select event, CASE WHEN user_id IS NULL THEN 1 ELSE 0 END, addr, detail from audit where usuario = 'fantasma'"),
      [['login_failed', '1', '127.0.0.1', 'usuario desconocido']]);
    // Lockout rows (block) are checked in the lockout test; unblock in the unlock tests.
  });
});

describe('sign-in races (8 password workers)', () => {
  let srv;
  before(async () => { srv = await startServer({ env: { ADUANA_WORKERS: '8', ADUANA_MAX_FAILURES: '1' } }); });
  after(async () => { await srv.stop(); });

  test('with one failure allowed, a burst of guesses gets at most one failed check, and none once blocked', async () => {
    const guesses = Array.from({ length: 7 }, (_, i) =>
      srv.client().signIn(IMPORTADOR.ruc, IMPORTADOR.usuario, `Mala.Clave.${i}`));
    const right = srv.client().signIn(IMPORTADOR.ruc, IMPORTADOR.usuario, IMPORTADOR.clave);
    const all = await Promise.all([...guesses, right]);
    const failed = Number(srv.sql(`select count(*) from audit where usuario = '${IMPORTADOR.usuario}' ` +
      `and event in ('login_failed', 'block')`)[0][0]);
    assert.ok(failed <= 1, `at most one wrong password checked (${failed})`);
    // Every guess was refused: one checked (401 or 403 for the block), the
    // rest unchecked (403 blocked, or 503 while a check was in flight).
    for (const r of all.slice(0, 7)) assert.ok([401, 403, 503].includes(r.status), String(r.status));
    const rightAnswer = all[7];
    if (rightAnswer.status === 303) {
      // The right password's check came before any wrong one.
      assert.equal(srv.sql(`select count(*) from audit where usuario = '${IMPORTADOR.usuario}' and event = 'login'`)[0][0], '1');
    } else {
      assert.ok([403, 503].includes(rightAnswer.status), 'refused unchecked, as blocked or busy');
      assert.equal(srv.sql(`select count(*) from session s join app_user a on a.id = s.user_id ` +
        `where a.usuario = '${IMPORTADOR.usuario}'`)[0][0], '0');
    }
    if (failed === 1) assert.notEqual(srv.sql(`select coalesce(blocked_at, 0) from app_user where usuario = '${IMPORTADOR.usuario}'`)[0][0], '0');
  });
});
