// E-mail (issue 9), against a real `aduana serve` and a real SMTP server on
// loopback (smtpsink.py, aiosmtpd): a queued message is delivered with its
// sender, recipient, RFC 2047 subject and both parts; AUTH; smtps with the
// test's own CA; a 451 retried with backoff; a 550 failed for good, shown
// by `aduana mail list --failed` and on /correo to admins only, and put back
// by `aduana mail retry` (audited); the maildir with no relay; two servers
// on one store never deliver a message twice.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { NAVIERA, byId, formField, sleep, startServer, textOf } from './lib.mjs';
import { parseMessage, startMailSink } from './mail.mjs';

const ADMIN = { usuario: 'admin', clave: 'Admin.2026' };
const RECEPCION = { usuario: 'recepcion', clave: 'Recepcion.2026' };

async function officer(srv, who) {
  const c = srv.client();
  const page = await c.get('/funcionarios');
  const r = await c.post('/funcionarios', { usuario: who.usuario, clave: who.clave, csrf: formField(page.text, 'csrf') });
  assert.equal(r.status, 303, `officer ${who.usuario} signs in`);
  return c;
}

/** `aduana mail test --to ADDR` on srv's store; returns the message id. */
function queueTest(srv, to, env = {}) {
  const r = srv.cli(['mail', 'test', '--to', to], { env });
  assert.equal(r.status, 0, r.stderr);
  return Number(/test message (\d+)/.exec(r.stdout)[1]);
}

/** Polls `aduana mail list` until pred(stdout) or the timeout. */
async function waitList(srv, args, pred, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const r = srv.cli(['mail', 'list', ...args]);
    assert.equal(r.status, 0, r.stderr);
    if (pred(r.stdout)) return r.stdout;
    if (Date.now() > end) assert.fail(`mail list ${args.join(' ')} never matched:\n${r.stdout}`);
    await sleep(100);
  }
}

/** Waits for a line of the server's log (read asynchronously from its pipe). */
async function waitLog(srv, re, ms = 5000) {
  const end = Date.now() + ms;
  while (!re.test(srv.stderr)) {
    if (Date.now() > end) assert.fail(`the log never matched ${re}:\n${srv.stderr}`);
    await sleep(50);
  }
}

const cleanups = [];
after(async () => { for (const f of cleanups.reverse()) await f(); });

describe('mail through an SMTP relay', () => {
  test('a queued message is delivered with From, To, an encoded Subject and both parts', async () => {
    const sink = await startMailSink();
    cleanups.push(() => sink.stop());
    const brand = { ADUANA_BRAND: 'Aduana Señoría', ADUANA_PUBLIC_URL: 'https://portal.example/' };
    const srv = await startServer({ env: { ...sink.env, ...brand } });
    try {
      const id = queueTest(srv, 'ana.perez@example.test', brand);
      const m = await sink.waitFor((x) => x.to === 'ana.perez@example.test');
      assert.equal(m.subject, 'Prueba de correo de Aduana Señoría');
      assert.match(m.headers.subject, /^=\?UTF-8\?B\?/, 'a non-ASCII subject is RFC 2047 encoded');
      assert.equal(m.from, 'Aduana Señoría <no-responder@localhost>');
      assert.equal(m.envelopeFrom, 'no-responder@localhost');
      assert.equal(m.envelopeTo, 'ana.perez@example.test');
      assert.match(m.headers['message-id'], /^<aduana\.\d+\..*@localhost>$/);
      assert.ok(m.headers.date, 'Date');
      assert.equal(m.headers['mime-version'], '1.0');
      assert.match(m.headers['content-type'], /^multipart\/alternative; boundary="=_/);
      assert.match(m.text, /Este es un mensaje de prueba/);
      assert.match(m.text, /^https:\/\/portal\.example$/m, 'the public URL, without its trailing slash');
      assert.match(m.text, /Aduana Señoría\nMensaje automático/);
      assert.match(m.html, /<a href="https:\/\/portal\.example" style="[^"]*">https:\/\/portal\.example<\/a>/);
      assert.match(m.html, /<html lang="es">/);
      assert.match(m.html, />Aduana Señoría</);
      // CRLF everywhere, no line past 998 (or 76 in the QP bodies).
      assert.ok(!/[^\r]\n/.test(m.raw), 'every line ends in CRLF');
      for (const line of m.raw.split('\r\n')) assert.ok(line.length <= 998);
      const body = m.raw.slice(m.raw.indexOf('\r\n\r\n'));
      for (const line of body.split('\r\n')) assert.ok(line.length <= 76, `QP line too long: ${line}`);
      const out = await waitList(srv, ['--sent'], (s) => new RegExp(`^${id}\\s.*ana\\.perez@example\\.test.*\\s1 sent`, 'm').test(s));
      assert.match(out, /1 message\(s\)/);
      // The test message has its audit row.
      assert.deepEqual(srv.sql("select event, addr, detail from audit where event = 'mail_test'"),
        [['mail_test', 'cli', 'ana.perez@example.test']]);
    } finally {
      await srv.stop();
    }
  });

  test('a malformed address is refused by mail test, nothing queued', async () => {
    const srv = await startServer({ seed: false });
    try {
      for (const bad of ['nadie', 'a@b', 'a b@example.test', 'a@example.test\r\nBcc: x@example.test', '<a@example.test>']) {
        const r = srv.cli(['mail', 'test', '--to', bad]);
        assert.equal(r.status, 1, bad);
      }
      assert.deepEqual(srv.sql('select count(*) from mail_outbox'), [['0']]);
    } finally {
      await srv.stop();
    }
  });

  test('AUTH with the configured user and password', async () => {
    const sink = await startMailSink({ auth: { user: 'portal', password: 's3creta!' } });
    cleanups.push(() => sink.stop());
    const srv = await startServer({ seed: false, env: { ...sink.env } });
    try {
      queueTest(srv, 'auth@example.test');
      const m = await sink.waitFor((x) => x.to === 'auth@example.test');
      assert.match(m.text, /mensaje de prueba/);
      assert.ok(!srv.stderr.includes('s3creta!'), 'the password is never logged');
    } finally {
      await srv.stop();
    }
    // A wrong password: the relay refuses (535, permanent): failed, logged without the password.
    const bad = await startServer({ seed: false, env: { ...sink.env, ADUANA_SMTP_PASSWORD: 'mala-clave' } });
    try {
      queueTest(bad, 'auth2@example.test');
      await waitList(bad, ['--failed'], (s) => /auth2@example\.test/.test(s));
      await waitLog(bad, /mail: message 1 to auth2@example\.test failed/);
      assert.ok(!bad.stderr.includes('mala-clave'), 'the password is never logged');
    } finally {
      await bad.stop();
    }
  });

  test('smtps:// with the relay\'s own CA (ADUANA_SMTP_CA)', async () => {
    const sink = await startMailSink({ tls: true });
    cleanups.push(() => sink.stop());
    assert.match(sink.url, /^smtps:\/\//);
    const srv = await startServer({ seed: false, env: { ...sink.env } });
    try {
      queueTest(srv, 'tls@example.test');
      const m = await sink.waitFor((x) => x.to === 'tls@example.test');
      assert.match(m.html, /mensaje de prueba/);
      assert.equal(m.tls, true);
    } finally {
      await srv.stop();
    }
  });

  test('smtp:// upgrades with STARTTLS when offered; ADUANA_SMTP_STARTTLS=1 requires it', async () => {
    const sink = await startMailSink({ starttls: true });
    cleanups.push(() => sink.stop());
    assert.match(sink.url, /^smtp:\/\//);
    const srv = await startServer({ seed: false, env: { ...sink.env } });
    try {
      queueTest(srv, 'starttls@example.test');
      const m = await sink.waitFor((x) => x.to === 'starttls@example.test');
      assert.equal(m.tls, true, 'the session was encrypted');
    } finally {
      await srv.stop();
    }
    // A relay that offers no STARTTLS: nothing is sent in clear, the message waits.
    const plain = await startMailSink();
    cleanups.push(() => plain.stop());
    const strict = await startServer({ seed: false, env: { ...plain.env, ADUANA_SMTP_STARTTLS: '1' } });
    try {
      queueTest(strict, 'estricto@example.test');
      await waitList(strict, ['--pending'], (s) => /estricto@example\.test\s.*\s1 pending\s+\S/.test(s));
      assert.equal(plain.messages().length, 0);
    } finally {
      await strict.stop();
    }
    // Without the requirement the same relay gets it in clear.
    const lax = await startServer({ seed: false, env: { ...plain.env } });
    try {
      queueTest(lax, 'claro@example.test');
      const m = await plain.waitFor((x) => x.to === 'claro@example.test');
      assert.equal(m.tls, false);
    } finally {
      await lax.stop();
    }
  });

  test('a 451 is retried with backoff until the relay takes it', async () => {
    const sink = await startMailSink({ tempfail: 2 });
    cleanups.push(() => sink.stop());
    const srv = await startServer({ seed: false, env: { ...sink.env, ADUANA_MAIL_RETRY_SECONDS: '1' } });
    try {
      const t0 = Date.now();
      queueTest(srv, 'retry@example.test');
      // Attempt 1 (451), wait 1 s, attempt 2 (451), wait 2 s, attempt 3: delivered.
      // Pending after attempt 1 or 2 (next_at is in whole seconds: the first wait may be short).
      const pending = await waitList(srv, ['--pending'], (s) => /retry@example\.test\s.*\s[12] pending\s+.*451/.test(s));
      assert.match(pending, /451/);
      await sink.waitFor((x) => x.to === 'retry@example.test', 15000);
      // next_at is in whole seconds: each wait is at least its length less one second.
      assert.ok(Date.now() - t0 >= 1000, `backoff of 1 s then 2 s (took ${Date.now() - t0} ms)`);
      await waitLog(srv, /attempt 2, again in 2 s/);
      await waitList(srv, ['--sent'], (s) => /retry@example\.test\s.*\s3 sent/.test(s));
      assert.equal(sink.messages().length, 1, 'delivered once');
      await waitLog(srv, /mail: message 1 to retry@example\.test not delivered \(attempt 1, again in 1 s\)/);
    } finally {
      await srv.stop();
    }
  });
});

describe('delivery failures, seen by administrators', () => {
  test('a 550 fails for good: mail list --failed, /correo for admins only, mail retry', async () => {
    const sink = await startMailSink({ permfail: true });
    cleanups.push(() => sink.stop());
    const srv = await startServer({ env: { ...sink.env } });
    try {
      const id = queueTest(srv, 'rechazo@example.test');
      const failed = await waitList(srv, ['--failed'], (s) => /rechazo@example\.test/.test(s));
      assert.match(failed, new RegExp(`^${id}\\s.*Prueba de correo de ADUANA\\s+1 failed\\s+.*550`, 'm'));
      assert.match(srv.cli(['mail', 'list', '--pending']).stdout, /0 message\(s\)/);

      // The admin sees it on /correo, filtered and not.
      const admin = await officer(srv, ADMIN);
      const band = await admin.get('/bandeja');
      assert.match(band.text, /<a href="\/correo">Correo saliente<\/a>/, 'the admin\'s navigation links it');
      for (const q of ['', '?estado=fallido']) {
        const r = await admin.get(`/correo${q}`);
        assert.equal(r.status, 200);
        assert.match(r.text, /<h1 id="t-correo">Correo saliente<\/h1>/);
        const table = /<table class="list" id="correo">([\s\S]*?)<\/table>/.exec(r.text)[1];
        const row = textOf(/<tbody>([\s\S]*?)<\/tbody>/.exec(table)[1]);
        assert.match(row, /rechazo@example\.test Prueba de correo de ADUANA 1 Fallido .*550/);
        assert.equal(byId(r.text, 'resultado'), 'Resultado : 1');
      }
      const sent = await admin.get('/correo?estado=enviado');
      assert.match(textOf(sent.text), /No hay mensajes con este filtro\./);
      const en = await admin.get('/correo?estado=fallido&lang=en');
      assert.equal(en.status, 200);
      assert.equal((await admin.get('/correo?estado=otro')).status, 400);

      // Not for other officers nor operators nor anonymous visitors.
      const rec = await officer(srv, RECEPCION);
      assert.equal((await rec.get('/correo')).status, 403);
      assert.doesNotMatch((await rec.get('/bandeja')).text, /\/correo/);
      const op = srv.client();
      await op.enter(NAVIERA, '05909025');
      assert.equal((await op.get('/correo')).status, 403);
      const anon = await srv.client().get('/correo');
      assert.ok([303, 401, 403].includes(anon.status), `anonymous: ${anon.status}`);

      // mail retry puts it back (audited); a message that has not failed cannot be.
      assert.equal(srv.cli(['mail', 'retry', String(id + 1000)]).status, 1);
      const r = srv.cli(['mail', 'retry', String(id)]);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(srv.sql("select event, addr, detail from audit where event = 'mail_retry'"),
        [['mail_retry', 'cli', `mensaje ${id}`]]);
      await waitList(srv, ['--failed'], (s) => new RegExp(`^${id}\\s.*\\s1 failed`, 'm').test(s));
      assert.equal(sink.messages().length, 0);
    } finally {
      await srv.stop();
    }
  });
});

describe('no relay: the maildir', () => {
  test('with no ADUANA_SMTP_URL a message lands in DATA_DIR/mail/new', async () => {
    const srv = await startServer({ seed: false, env: { ADUANA_MAIL_POLL_MS: '50' } });
    try {
      queueTest(srv, 'buzon@example.test');
      const dirNew = path.join(srv.maildir, 'new');
      const end = Date.now() + 10000;
      while (!(existsSync(dirNew) && readdirSync(dirNew).length > 0)) {
        assert.ok(Date.now() < end, 'no file in the maildir');
        await sleep(50);
      }
      for (const d of ['', 'new', 'tmp', 'cur'])
        assert.equal(statSync(path.join(srv.maildir, d)).mode & 0o777, 0o700, `${d || 'mail'} is 0700`);
      assert.deepEqual(readdirSync(path.join(srv.maildir, 'tmp')), []);
      const files = readdirSync(dirNew);
      assert.equal(files.length, 1);
      assert.match(files[0], /^\d+\.M\d+P\d+Q\d+\./, 'a maildir unique name');
      const m = parseMessage(readFileSync(path.join(dirNew, files[0])));
      assert.equal(m.to, 'buzon@example.test');
      assert.equal(m.subject, 'Prueba de correo de ADUANA');
      assert.match(m.text, /mensaje de prueba/);
      // The CLI's default public URL: its listen address (ADUANA_LISTEN's default).
      assert.match(m.text, /^http:\/\/127\.0\.0\.1:8080$/m);
      assert.match(m.html, /<a href="http:\/\/127\.0\.0\.1:8080"/);
      await waitList(srv, ['--sent'], (s) => /buzon@example\.test\s.*\s1 sent/.test(s));
    } finally {
      await srv.stop();
    }
  });
});

describe('several nodes', () => {
  test('two servers on one store never deliver the same message twice', async () => {
    const sink = await startMailSink();
    cleanups.push(() => sink.stop());
    const a = await startServer({ seed: false, env: { ...sink.env, ADUANA_MAIL_POLL_MS: '20' } });
    const b = await startServer({ store: { db: a.db, dir: a.dir }, env: { ...sink.env, ADUANA_MAIL_POLL_MS: '20' } });
    try {
      const N = 24;
      for (let i = 0; i < N; i++) queueTest(a, `nodo${i}@example.test`);
      const end = Date.now() + 20000;
      while (sink.messages().length < N && Date.now() < end) await sleep(100);
      await sleep(500);   // a double delivery would show up by now
      const to = sink.messages().map((m) => m.to).sort();
      assert.equal(to.length, N, `every message once (got ${to.length})`);
      assert.equal(new Set(to).size, N);
      await waitList(a, ['--sent'], (s) => s.includes(`${N} message(s)`));
    } finally {
      await b.kill();
      await a.stop();
    }
  });
});
