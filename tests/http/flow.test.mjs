// The whole path of a user: home → sign-in → OCE choice → main page with the
// electronic notifications (columns, dates, paging, search, menus) → open a
// notice → sign out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  AGENTE, IMPORTADOR, NAVIERA, byId, ecuadorTime, formField, inputs, noticeRows, selectOptions, startServer, textOf,
} from './lib.mjs';

const DATE_RE = /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/;

describe('the whole path of a user', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv.stop(); });

  test('home page: the sign-in form with a csrf field matching the aduana_pre cookie', async () => {
    const c = srv.client();
    const r = await c.get('/');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/i);
    assert.match(r.text, /<h1 id="t-login">Iniciar sesión<\/h1>/);
    const fields = inputs(r.text);
    assert.equal(fields.find((a) => a.name === 'ruc')?.type, 'text');
    assert.equal(fields.find((a) => a.name === 'usuario')?.type, 'text');
    assert.equal(fields.find((a) => a.name === 'clave')?.type, 'password');
    assert.equal(fields.find((a) => a.name === 'csrf')?.type, 'hidden');
    assert.match(r.text, /<form method="post" action="\/login"/);
    const pre = r.cookie('aduana_pre');
    assert.ok(pre, 'GET / sets aduana_pre');
    assert.match(pre.value, /^[0-9a-f]{32,}$/);
    assert.equal(formField(r.text, 'csrf'), pre.value, 'the hidden csrf equals the aduana_pre cookie');
    assert.ok(pre.attrs.httponly, 'aduana_pre is HttpOnly');
    // No session yet: protected pages send the visitor to the sign-in form.
    for (const p of ['/oce', '/principal', '/notificaciones/1']) {
      const x = await srv.client().get(p);
      assert.equal(x.status, 303, p);
      assert.equal(x.location, '/', p);
    }
  });

  test('sign-in → OCE choice (type filter, single-code preselection) → main page', async () => {
    const c = srv.client();
    const login = await c.signIn(NAVIERA.ruc, NAVIERA.usuario, NAVIERA.clave);
    assert.equal(login.status, 303);
    assert.equal(login.location, '/oce');
    const s = login.cookie('aduana_s');
    assert.ok(s && s.value, 'sign-in sets aduana_s');
    assert.ok(s.attrs.httponly, 'aduana_s is HttpOnly');
    assert.equal(s.attrs.samesite, 'Lax', 'aduana_s is SameSite=Lax');
    assert.equal(s.attrs.path, '/');
    assert.equal(login.cookie('aduana_pre')?.attrs['max-age'], '0', 'the pre-session cookie is cleared');

    // Until an OCE is chosen, pages that need one send the user back to /oce.
    let r = await c.get('/principal');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/oce');
    r = await c.get('/');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/oce');

    // The OCE page: both types, the first one (02) selected, its two codes.
    r = await c.get('/oce');
    assert.equal(r.status, 200);
    assert.match(r.text, /Seleccione el Tipo de OCE/);
    assert.deepEqual(selectOptions(r.text, 'tipo').map((o) => [o.value, o.selected]), [['02', true], ['06', false]]);
    assert.match(selectOptions(r.text, 'tipo')[0].text, /^\[02\] LINEA NAVIERA$/);
    let codes = selectOptions(r.text, 'codigo');
    assert.deepEqual(codes.map((o) => o.value), ['', '05909025', '05909026'], 'type 02 shows only its codes');
    assert.ok(!codes.some((o) => o.selected), 'two codes: none preselected');
    const csrf = formField(r.text, 'csrf');
    assert.match(csrf, /^[0-9a-f]{32,}$/);

    // "Mostrar códigos" (accion=tipo) filters the codes by the chosen type.
    r = await c.post('/oce', { tipo: '06', accion: 'tipo', csrf });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/oce?tipo=06');
    r = await c.get('/oce?tipo=06');
    assert.equal(r.status, 200);
    assert.deepEqual(selectOptions(r.text, 'tipo').map((o) => [o.value, o.selected]), [['02', false], ['06', true]]);
    codes = selectOptions(r.text, 'codigo');
    assert.deepEqual(codes, [{ value: '05909027', text: '05909027', selected: true }],
      'a type with a single code has it preselected, without the empty option');

    // A code that is not of the chosen type, or not of this user, is refused.
    r = await c.post('/oce', { tipo: '02', codigo: '05909027', accion: 'ingresar', csrf });
    assert.equal(r.status, 400);
    assert.match(byId(r.text, 'codigo-err'), /no corresponde/);
    r = await c.post('/oce', { tipo: '04', codigo: '23902040', accion: 'ingresar', csrf });
    assert.equal(r.status, 400);
    r = await c.post('/oce', { codigo: '23902040', accion: 'ingresar', csrf });
    assert.equal(r.status, 400, 'another RUC\'s code is refused');
    r = await c.post('/oce', { tipo: '02', codigo: '', accion: 'ingresar', csrf });
    assert.equal(r.status, 400, 'no code chosen');
    assert.match(byId(r.text, 'codigo-err'), /Seleccione un Código de OCE/);

    // Enter with 05909025 of type 02.
    r = await c.post('/oce', { tipo: '02', codigo: '05909025', accion: 'ingresar', csrf });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/principal');

    r = await c.get('/principal');
    assert.equal(r.status, 200);
    assert.match(r.text, /<h1 id="t-not">Notificaciones electrónicas<\/h1>/);
    assert.match(textOf(r.text), /naviera · RUC 0992339411001 · OCE 05909025 \[02\]/);
    const ths = [...r.text.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    assert.deepEqual(ths, ['Estado', 'De', 'Destinatario', 'Asunto', 'Fecha']);
    const rows = noticeRows(r.text);
    assert.equal(rows.length, 20, '20 notices per page');
    for (const row of rows) {
      assert.match(row.fecha, DATE_RE, `date ${row.fecha} is dd/mm/yyyy hh:mm:ss`);
      assert.equal(row.de, 'SENAE');
      assert.equal(row.destinatario, 'BUZON PERSONAL');
      assert.equal(row.estado, 'No leído');
      assert.ok(row.unread);
      assert.match(row.href, /^\/notificaciones\/\d+$/);
    }
    // Newest first; the dates are those of the store, in Ecuador time (UTC-5).
    const [[id, at]] = srv.sql("select n.id, n.created_at from notice n join app_user u on u.id = n.user_id " +
      "where u.usuario = 'naviera' order by n.created_at desc, n.id desc limit 1");
    assert.equal(rows[0].href, `/notificaciones/${id}`);
    assert.equal(rows[0].fecha, ecuadorTime(Number(at)));
    assert.match(rows[0].asunto, /Canal de Aforo/);
    assert.match(textOf(r.text), /26 sin leer · 26 en total/);
    assert.match(textOf(r.text), /Página 1 de 2/);
    assert.match(r.text, /href="\/principal\?pagina=2&amp;despues=\d+\.\d+" rel="next"/);
  });

  test('paging with pagina=2 and out-of-range pages', async () => {
    const c = srv.client();
    await c.enter(NAVIERA, '05909025');
    const p1 = noticeRows((await c.get('/principal')).text);
    const r = await c.get('/principal?pagina=2');
    assert.equal(r.status, 200);
    const p2 = noticeRows(r.text);
    assert.equal(p2.length, 6, '26 notices: 6 on page 2');
    assert.match(textOf(r.text), /Página 2 de 2/);
    assert.match(r.text, /href="\/principal\?pagina=1&amp;antes=\d+\.\d+" rel="prev"/);
    assert.doesNotMatch(r.text, /rel="next"/);
    const ids1 = new Set(p1.map((x) => x.href));
    assert.ok(p2.every((x) => !ids1.has(x.href)), 'pages do not overlap');
    // The oldest notice, on the last page, is the seeded unblock notice.
    assert.equal(p2[5].asunto, 'COMUNICADO DE ADUANA - ALERTA DE DESBLOQUEO');
    // The pager's links walk by key: next from page 1, back from page 2.
    const home = await c.get('/principal');
    const next = /href="([^"]*)" rel="next"/.exec(home.text)[1].replaceAll('&amp;', '&');
    assert.deepEqual(noticeRows((await c.get(next)).text), p2, 'Siguiente » gives page 2');
    const prev = /href="([^"]*)" rel="prev"/.exec(r.text)[1].replaceAll('&amp;', '&');
    assert.deepEqual(noticeRows((await c.get(prev)).text), p1, '« Anterior gives page 1 again');
    // A page past the end shows the last page; page 0 is the first.
    const p9 = await c.get('/principal?pagina=9');
    assert.equal(p9.status, 200);
    assert.deepEqual(noticeRows(p9.text), p2);
    assert.match(textOf(p9.text), /Página 2 de 2/);
    const p0 = await c.get('/principal?pagina=0');
    assert.deepEqual(noticeRows(p0.text), p1);
    assert.match(textOf(p0.text), /Página 1 de 2/);
    // A malformed page number is refused.
    for (const bad of ['-1', 'abc', '1e3', '12345678'])
      assert.equal((await c.get(`/principal?pagina=${bad}`)).status, 400, `pagina=${bad}`);
  });

  test('search q filters by subject (LIKE wildcards are literal)', async () => {
    const c = srv.client();
    await c.enter(NAVIERA, '05909026');
    let r = await c.get(`/principal?q=${encodeURIComponent('Canal de Aforo')}`);
    assert.equal(r.status, 200);
    let rows = noticeRows(r.text);
    assert.equal(rows.length, 1);
    assert.match(rows[0].asunto, /^Notificación de Canal de Aforo/);
    assert.match(textOf(r.text), /1 con asunto que contiene «Canal de Aforo»/);
    assert.equal(formField(r.text, 'q'), 'Canal de Aforo', 'the search box keeps the query');

    r = await c.get(`/principal?q=${encodeURIComponent('e-Doc')}`);
    rows = noticeRows(r.text);
    assert.equal(rows.length, 20);
    assert.ok(rows.every((x) => x.asunto.includes('e-Doc')));
    assert.match(textOf(r.text), /24 con asunto que contiene «e-Doc»/);
    assert.match(r.text, /href="\/principal\?pagina=2&amp;despues=\d+\.\d+&amp;q=e-Doc"/, 'paging keeps the query');
    r = await c.get(`/principal?pagina=2&q=${encodeURIComponent('e-Doc')}`);
    assert.equal(noticeRows(r.text).length, 4);

    r = await c.get(`/principal?q=${encodeURIComponent('  desbloqueo ')}`);
    rows = noticeRows(r.text);
    assert.equal(rows.length, 1, 'trimmed and case-insensitive');
    assert.equal(rows[0].asunto, 'COMUNICADO DE ADUANA - ALERTA DE DESBLOQUEO');

    // Accents and case do not matter, either way round.
    for (const q of ['notificacion', 'NOTIFICACIÓN', 'Notificación', 'notificaciÓn']) {
      r = await c.get(`/principal?q=${encodeURIComponent(q)}`);
      assert.match(textOf(r.text), /25 con asunto que contiene/, `q=${q}`);
    }
    r = await c.get(`/principal?q=${encodeURIComponent('ACEPTADO - E-DOC')}`);
    assert.match(textOf(r.text), /24 con asunto que contiene/);

    for (const q of ['%', '_', 'zzz-no-existe']) {
      r = await c.get(`/principal?q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200);
      assert.deepEqual(noticeRows(r.text), [], `q=${q} matches nothing`);
    }
    // A query with markup is shown escaped.
    r = await c.get(`/principal?q=${encodeURIComponent('<b>x</b>')}`);
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes('<b>x</b>'), 'the query is HTML-escaped');
  });

  test('the four menus are on the main page', async () => {
    const c = srv.client();
    await c.enter(NAVIERA, '05909025');
    const r = await c.get('/principal');
    const h2 = [...r.text.matchAll(/<section class="menu"[^>]*>\s*<h2 id="([^"]+)">([^<]*)<\/h2>/g)]
      .map((m) => [m[1], m[2]]);
    assert.deepEqual(h2, [
      ['m-to', 'Trámites Operativos'], ['m-si', 'Servicios Informativos'],
      ['m-sc', 'Soporte al Cliente'], ['m-vu', 'Ventanilla Única'],
    ]);
  });

  test('opening a notice marks it read', async () => {
    // importador's mailbox: no other test here opens its notices.
    const c = srv.client();
    await c.enter(IMPORTADOR, '29000001');
    let r = await c.get('/principal');
    const before = noticeRows(r.text);
    assert.equal(before.length, 4);
    const unreadBefore = Number(/(\d+) sin leer/.exec(textOf(r.text))[1]);
    const target = before.find((x) => x.unread);
    assert.ok(target, 'an unread notice to open');
    r = await c.get(target.href);
    assert.equal(r.status, 200);
    assert.equal(byId(r.text, 't-notice'), target.asunto);
    assert.match(textOf(r.text), new RegExp(`Fecha ${target.fecha.replace(/\//g, '\\/')}`));
    assert.match(textOf(r.text), /Leído \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/);
    r = await c.get('/principal');
    const afterRows = noticeRows(r.text);
    const same = afterRows.find((x) => x.href === target.href);
    assert.ok(same, 'the notice is still listed');
    assert.equal(same.unread, false);
    assert.equal(same.estado, 'Leído', 'the row loses "No leído"');
    assert.equal(Number(/(\d+) sin leer/.exec(textOf(r.text))[1]), unreadBefore - 1);
    const [[readAt]] = srv.sql(`select coalesce(read_at, 0) from notice where id = ${target.href.split('/').pop()}`);
    assert.ok(Number(readAt) > 0, 'read_at stored');
    // Another user cannot open it, nor a notice that does not exist.
    const other = srv.client();
    await other.enter(AGENTE, '23902040');
    assert.equal((await other.get(target.href)).status, 404, "another user's notice is 404");
    assert.equal((await c.get('/notificaciones/999999')).status, 404);
    assert.equal((await c.get('/notificaciones/abc')).status, 404);
  });

  test('sign-out ends the session on the server; /principal then redirects to /', async () => {
    const c = srv.client();
    await c.enter(IMPORTADOR, '29000001');
    const token = c.cookie('aduana_s');
    assert.equal((await c.get('/principal')).status, 200);
    const r = await c.logout();
    assert.equal(r.status, 303);
    assert.equal(r.location, '/?salida=1');
    assert.equal(r.cookie('aduana_s')?.attrs['max-age'], '0', 'the session cookie is cleared');
    const home = await c.get('/?salida=1');
    assert.equal(home.status, 200);
    assert.match(textOf(home.text), /Su sesión se cerró correctamente/);
    let x = await c.get('/principal');
    assert.equal(x.status, 303);
    assert.equal(x.location, '/');
    // The old token is dead server-side too (not only forgotten by the browser).
    c.setCookie('aduana_s', token);
    x = await c.get('/principal');
    assert.equal(x.status, 303);
    assert.equal(x.location, '/');
    x = await c.get('/oce');
    assert.equal(x.status, 303);
    assert.equal(x.location, '/');
  });

  test('the session token rotates at the OCE choice and the old one stops working', async () => {
    const c = srv.client();
    await c.signInOk(AGENTE);
    const first = c.cookie('aduana_s');
    const csrf1 = await c.sessionCsrf();
    const r = await c.chooseOce('23902040');
    assert.equal(r.status, 303);
    const second = r.cookie('aduana_s')?.value;
    assert.ok(second, 'choosing an OCE sets a new aduana_s');
    assert.notEqual(second, first, 'the token changes');
    assert.ok(r.cookie('aduana_s').attrs.httponly);
    assert.equal(r.cookie('aduana_s').attrs.samesite, 'Lax');
    assert.equal((await c.get('/principal')).status, 200, 'the new token works');
    const csrf2 = formField((await c.get('/principal')).text, 'csrf');
    assert.notEqual(csrf2, csrf1, 'the csrf token rotates too');
    const old = srv.client();
    old.setCookie('aduana_s', first);
    for (const p of ['/principal', '/oce']) {
      const x = await old.get(p);
      assert.equal(x.status, 303, `${p} with the old token`);
      assert.equal(x.location, '/');
    }
  });

  test('the user guide is public', async () => {
    const r = await srv.client().get('/guia');
    assert.equal(r.status, 200);
    assert.match(r.text, /<h1 id="t-guia">Guía del uso<\/h1>/);
  });
});
