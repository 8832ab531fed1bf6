// Time-driven behaviour, with short times set through the environment:
// the idle timeout of a session (ADUANA_IDLE_SECONDS=2) and the automatic
// unblock (ADUANA_LOCK_SECONDS=2, ADUANA_MAX_FAILURES=3, ADUANA_BRAND).
// The server compares whole seconds, so waits are a little over 1 s more than
// the configured time; nothing depends on a wall-clock minute boundary.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { AGENTE, GENERIC_ERROR, IMPORTADOR, byId, noticeRows, sleep, startServer, textOf } from './lib.mjs';

describe('session idle timeout (ADUANA_IDLE_SECONDS=2)', () => {
  let srv;
  before(async () => { srv = await startServer({ env: { ADUANA_IDLE_SECONDS: '2' } }); });
  after(async () => { await srv.stop(); });

  test('an idle session expires → /?expirada=1 "Su sesión expiró"; an active one lives on', async () => {
    const idle = srv.client();
    const active = srv.client();
    const half = srv.client();   // signed in, OCE not chosen yet
    await idle.enter(IMPORTADOR, '29000001');
    await active.enter(AGENTE, '23902040');
    await half.signInOk(IMPORTADOR);
    assert.equal((await idle.get('/principal')).status, 200);
    const idleToken = idle.cookie('aduana_s');

    // Keep "active" busy every 0.6 s while the others wait 3.3 s.
    const start = Date.now();
    while (Date.now() - start < 3300) {
      await sleep(600);
      const r = await active.get('/principal');
      assert.equal(r.status, 200, `an active session does not expire (${Date.now() - start} ms)`);
    }

    let r = await idle.get('/principal');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/?expirada=1');
    assert.equal(r.cookie('aduana_s')?.attrs['max-age'], '0', 'the expired cookie is cleared');
    r = await idle.get(r.location);
    assert.equal(r.status, 200);
    assert.match(textOf(r.text), /Su sesión expiró por inactividad/);
    assert.match(r.text, /<h1 id="t-login">/, 'the sign-in form is shown');

    r = await half.get('/oce');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/?expirada=1', 'also before the OCE choice');

    // The expired token stays dead (it was deleted, not just refused once).
    idle.setCookie('aduana_s', idleToken);
    r = await idle.get('/principal');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/');
    const ev = srv.sql("select event, addr, coalesce(oce_code, '') from audit where event = 'expire' order by id");
    assert.deepEqual(ev, [['expire', '127.0.0.1', '29000001'], ['expire', '127.0.0.1', '']]);
    // Signing in again works.
    await idle.enter(IMPORTADOR, '29000001');
  });
});

describe('absolute session lifetime (ADUANA_SESSION_SECONDS=3)', () => {
  let srv;
  before(async () => { srv = await startServer({ env: { ADUANA_SESSION_SECONDS: '3' } }); });
  after(async () => { await srv.stop(); });

  test('a busy session still ends at its lifetime → /?expirada=2 "duración máxima"; choosing an OCE does not renew it', async () => {
    const c = srv.client();
    await c.signInOk(AGENTE);
    await sleep(1200);
    const r0 = await c.chooseOce('23902040');   // a new token: the lifetime still counts from the sign-in
    assert.equal(r0.status, 303);
    const start = Date.now();
    let r;
    for (;;) {
      await sleep(500);
      r = await c.get('/principal');
      if (r.status !== 200 || Date.now() - start > 6000) break;
    }
    assert.equal(r.status, 303, 'the session ended although it was used every 0.5 s');
    assert.equal(r.location, '/?expirada=2');
    assert.ok(Date.now() - start < 4500, `it ended at about 3 s from the sign-in (${Date.now() - start} ms after the OCE)`);
    r = await c.get(r.location);
    assert.match(textOf(r.text), /Su sesión llegó a su duración máxima/);
    assert.deepEqual(srv.sql("select detail from audit where event = 'expire'"), [['duración máxima']]);
    await c.enter(AGENTE, '23902040');   // signing in again works
  });
});

describe('automatic unblock (ADUANA_LOCK_SECONDS=2, ADUANA_MAX_FAILURES=3)', () => {
  let srv;
  const env = { ADUANA_LOCK_SECONDS: '2', ADUANA_MAX_FAILURES: '3', ADUANA_BRAND: 'ECUAPASS' };
  before(async () => { srv = await startServer({ env }); });
  after(async () => { await srv.stop(); });

  test('blocked after 3 failures, unblocked by itself after 2 s with the notice and an audit row', async () => {
    const u = srv.addUser({ usuario: 'auto.desbloqueo', env });
    for (let i = 1; i <= 2; i++) {
      const r = await srv.client().signIn(u.ruc, u.usuario, `Mala.Clave.${i}`);
      assert.equal(r.status, 401);
      assert.equal(byId(r.text, 'form-err'), GENERIC_ERROR);
    }
    let r = await srv.client().signIn(u.ruc, u.usuario, 'Mala.Clave.3');
    assert.equal(r.status, 403, 'ADUANA_MAX_FAILURES=3: the 3rd failure blocks');
    const blockedAt = Number(srv.sql(`select blocked_at from app_user where usuario = '${u.usuario}'`)[0][0]);
    const msg = byId(r.text, 'form-err');
    assert.match(msg, /vuelva a intentarlo después de (\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2})\./);
    r = await srv.client().signIn(u.ruc, u.usuario, u.clave);
    assert.equal(r.status, 403, 'the right password is refused while blocked');

    // Wait until 2 whole seconds have passed since blocked_at.
    const wait = (blockedAt + 2) * 1000 - Date.now() + 1100;
    await sleep(Math.max(0, wait));
    const c = srv.client();
    r = await c.signIn(u.ruc, u.usuario, u.clave);
    assert.equal(r.status, 303, 'unblocked by itself');
    assert.equal(r.location, '/oce');
    const ch = await c.chooseOce('23902040');
    assert.equal(ch.status, 303);
    const page = await c.get('/principal');
    assert.match(page.text, /<title>Notificaciones electrónicas · ECUAPASS<\/title>/, 'ADUANA_BRAND');
    const rows = noticeRows(page.text);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].asunto, 'COMUNICADO DE ECUAPASS - ALERTA DE DESBLOQUEO');
    assert.equal(rows[0].de, 'SENAE');
    assert.equal(rows[0].destinatario, 'BUZON PERSONAL');
    assert.ok(rows[0].unread);
    const events = srv.sql(`select event, addr, detail from audit where usuario = '${u.usuario}' order by id`);
    assert.deepEqual(events.map((e) => e[0]),
      ['login_failed', 'login_failed', 'block', 'login_blocked', 'unblock', 'login', 'oce']);
    assert.ok(events.every((e) => e[1] === '127.0.0.1'), 'every row has the client address');
    assert.deepEqual(events[4], ['unblock', '127.0.0.1', 'automático']);
    assert.equal(srv.sql(`select failures, CASE WHEN blocked_at IS NULL THEN 1 ELSE 0 END from app_user where usuario = '${u.usuario}'`)[0].join(), '0,1');
    // The failure counter starts again from zero.
    r = await srv.client().signIn(u.ruc, u.usuario, 'Mala.Clave.4');
    assert.equal(r.status, 401);
  });
});

describe('no automatic unblock (ADUANA_LOCK_SECONDS=0, ADUANA_MAX_FAILURES=2)', () => {
  let srv;
  const env = { ADUANA_LOCK_SECONDS: '0', ADUANA_MAX_FAILURES: '2' };
  before(async () => { srv = await startServer({ env }); });
  after(async () => { await srv.stop(); });

  test('the block message sends the user to the administrator, with no time; only the CLI unblocks', async () => {
    const u = srv.addUser({ usuario: 'solo.admin', env });
    assert.equal((await srv.client().signIn(u.ruc, u.usuario, 'Mala.Clave.1')).status, 401);
    let r = await srv.client().signIn(u.ruc, u.usuario, 'Mala.Clave.2');
    assert.equal(r.status, 403, 'ADUANA_MAX_FAILURES=2');
    assert.equal(byId(r.text, 'form-err'),
      'Su cuenta está bloqueada por superar el número de intentos fallidos. Solicite el desbloqueo al administrador.');
    await sleep(1100);
    r = await srv.client().signIn(u.ruc, u.usuario, u.clave);
    assert.equal(r.status, 403, 'still blocked a second later');
    const res = srv.cli(['user', 'unlock', '--ruc', u.ruc, '--usuario', u.usuario], { env });
    assert.equal(res.status, 0, res.stderr);
    const c = srv.client();
    await c.enter(u, '23902040');
    const rows = noticeRows((await c.get('/principal')).text);
    assert.deepEqual(rows.map((x) => x.asunto), ['COMUNICADO DE ADUANA - ALERTA DE DESBLOQUEO']);
  });
});
