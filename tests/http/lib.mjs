// lib.mjs — helpers for the HTTP tests of aduana (run with `node --test tests/http/`).
//
// Every test file starts its own server(s) on a free port, with a fresh store
// in a private temporary directory, seeded with the demo data.  No npm
// dependencies: node:test, node:assert, node:child_process, node:net only.
//
//   const srv = await startServer({ env: { ADUANA_IDLE_SECONDS: '2' } });
//   const c = srv.client();
//   await c.signIn(NAVIERA.ruc, NAVIERA.usuario, NAVIERA.clave);
//   await c.chooseOce('05909025');
//   const r = await c.get('/principal');
//   await srv.stop();          // fails if the server crashed or exits non-zero
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.resolve(ROOT, process.env.ADUANA_BIN || 'build/aduana');

/* Which engine the servers of this run use: ADUANA_TEST_ENGINE=postgresql
 * (with ADUANA_TEST_PG, a libpq URL to a throwaway server's `postgres`
 * database, set by scripts/pg.sh) gives each server a fresh PostgreSQL
 * database; anything else a fresh SQLite file. */
/** The schema version a fresh store reaches: the number of migrations. */
export const SCHEMA_VERSION = readdirSync(path.join(ROOT, 'src', 'db', 'migrations', 'sqlite'))
  .filter((f) => /^\d+_.*\.sql$/.test(f)).length;

export const ENGINE = process.env.ADUANA_TEST_ENGINE === 'postgresql' ? 'postgresql' : 'sqlite';
let dbCount = 0;

/** A libpq URL like ADUANA_TEST_PG's, for database name. */
function pgUrl(name) {
  // Not new URL(): libpq's "postgresql://user@/db?host=/dir" has an empty host.
  const m = /^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*(.*)$/.exec(process.env.ADUANA_TEST_PG);
  assert.ok(m, `ADUANA_TEST_PG is not a postgresql:// URL: ${process.env.ADUANA_TEST_PG}`);
  return `${m[1]}${name}${m[2]}`;
}

function psql(url, query) {
  const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-F', '\x1f', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', query], {
    encoding: 'utf8',
    timeout: 20000,
  });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `psql failed: ${r.stderr}`);
  return r.stdout;
}

/** A fresh, empty store for one server: a SQLite path or a PostgreSQL URL. */
export function freshStore(dir) {
  if (ENGINE === 'sqlite') return path.join(dir, 'aduana.db');
  assert.ok(process.env.ADUANA_TEST_PG, 'ADUANA_TEST_PG must be set (run under scripts/pg.sh)');
  const name = `t_${process.pid}_${++dbCount}_${Math.floor(Math.random() * 1e6)}`;
  psql(process.env.ADUANA_TEST_PG, `CREATE DATABASE ${name}`);
  return pgUrl(name);
}

/** Drops a store made by freshStore (SQLite files go with their directory). */
export function dropStore(db) {
  if (!db.startsWith('postgresql://')) return;
  const name = /^postgres(?:ql)?:\/\/[^/]*\/([^?]*)/.exec(db)[1];
  psql(process.env.ADUANA_TEST_PG, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

export const NAVIERA = { ruc: '0992339411001', usuario: 'naviera', clave: 'Naviera.2026' };
export const AGENTE = { ruc: '1790011674001', usuario: 'agente', clave: 'Agente.2026' };
export const IMPORTADOR = { ruc: '1710034065001', usuario: 'importador', clave: 'Importador.2026' };

export const GENERIC_ERROR =
  'RUC, ID. Usuario o Contraseña incorrectos. Revise los datos e inténtelo de nuevo.';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* The environment for a child: ours without any ADUANA_* setting (so a
 * developer's shell cannot change the defaults under test), plus extra. */
function childEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('ADUANA_')) env[k] = v;
  return { ...env, ...extra };
}

/** Runs the aduana command synchronously: { status, signal, stdout, stderr }. */
export function cli(args, { input, env } = {}) {
  const r = spawnSync(BIN, args, {
    input: input ?? '',
    env: childEnv(env),
    encoding: 'utf8',
    timeout: 20000,
  });
  // EPIPE: the command exited without reading its input (e.g. it refused an
  // argument first); its exit status is what counts.
  if (r.error && !(r.error.code === 'EPIPE' && (r.status !== null || r.signal !== null))) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs a query on a store (sqlite3 or psql) and returns the rows as arrays of strings. */
export function sql(db, query) {
  if (db.startsWith('postgresql://'))
    return psql(db, query).split('\n').filter((l) => l !== '').map((l) => l.split('\x1f'));
  const r = spawnSync('sqlite3', ['-batch', '-separator', '\x1f', '-cmd', '.timeout 5000', db, query], {
    encoding: 'utf8',
    timeout: 20000,
  });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `sqlite3 failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\x1f'));
}

/**
 * Starts `aduana serve` on 127.0.0.1 with a free port and a fresh store.
 * Options: env (extra environment for the server), seed (default true: run
 * seed-demo first).  Resolves once the "listening on" line is printed.
 */
export async function startServer({ env = {}, seed = true, store = null } = {}) {
  // store: { db, dir } of a server that crashed, to start again on its data.
  const dir = store ? store.dir : mkdtempSync(path.join(tmpdir(), 'aduana-http-'));
  const db = store ? store.db : freshStore(dir);
  if (seed && !store) {
    const r = cli(['seed-demo', '--db', db], { env });
    assert.equal(r.status, 0, `seed-demo failed: ${r.stderr}`);
  }
  // Mail with no relay goes to a maildir under ADUANA_DATA_DIR: the test's
  // directory, not the working tree's var/ (server.maildir).
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0'], {
    env: childEnv({ ADUANA_DATA_DIR: path.join(dir, 'var'), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exit = null;
  // Never leave a server behind if this test process ends without stop().
  const reap = () => { if (exit === null) proc.kill('SIGKILL'); };
  process.on('exit', reap);
  const exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => { stderr += d; });
  proc.stdout.setEncoding('utf8');
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`server did not start within 10 s; stderr:\n${stderr}`));
    }, 10000);
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = /aduana: listening on (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
    exited.then((e) => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening (${JSON.stringify(e)}); stderr:\n${stderr}`));
    });
  });
  const port = Number(new URL(url).port);

  const server = {
    url,
    port,
    db,
    dir,
    proc,
    /** Where this server's maildir is (mail with no ADUANA_SMTP_URL): its new/ holds each message. */
    maildir: path.join(env.ADUANA_DATA_DIR ?? path.join(dir, 'var'), 'mail'),
    get stderr() { return stderr; },
    get exitInfo() { return exit; },
    client() { return new Client(url); },
    /** Runs an aduana subcommand against this server's store (--db appended). */
    cli(args, opts = {}) { return cli([...args, '--db', db], opts); },
    sql(query) { return sql(db, query); },
    /** Adds a user through the CLI (password on stdin); returns its credentials. */
    addUser({ ruc = AGENTE.ruc, usuario, clave = 'Pelicano.Azul.2026', oce = '23902040:04',
      nombre = 'Usuario de Prueba', email = 'prueba@example.test', env: e } = {}) {
      const r = cli(['user', 'add', '--ruc', ruc, '--usuario', usuario, '--nombre', nombre,
        '--email', email, '--oce', oce, '--db', db], { input: `${clave}\n`, env: e });
      assert.equal(r.status, 0, `user add failed: ${r.stderr}`);
      return { ruc, usuario, clave };
    },
    /** SIGKILL, as a crash or a power cut of the process would; the store stays for startServer({ store }). */
    async kill() {
      if (exit === null) proc.kill('SIGKILL');
      await exited;
      process.off('exit', reap);
      return { db, dir };
    },
    /** SIGTERM, await exit; throws if the server had crashed or exits non-zero. */
    async stop() {
      if (exit === null) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(timer);
        assert.equal(exit.signal, null,
          `server ended by signal ${exit.signal} (crash or hang on SIGTERM); stderr:\n${stderr}`);
        assert.equal(exit.code, 0, `server exited with ${exit.code}; stderr:\n${stderr}`);
      } else {
        assert.fail(`server had already exited (${JSON.stringify(exit)}) before stop(): ` +
          `it crashed during the tests; stderr:\n${stderr}`);
      }
      process.off('exit', reap);
      dropStore(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

/* ---- HTML helpers ------------------------------------------------------- */

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#')
      return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The visible text of an HTML fragment: tags removed, entities decoded, spaces collapsed. */
export function textOf(html) {
  return decodeEntities(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

function attrs(tag) {
  const out = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g))
    out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

/** All <input> elements of the page (or of a fragment) as attribute maps. */
export function inputs(html) {
  return [...html.matchAll(/<input\b([^>]*)>/gi)].map((m) => attrs(m[1]));
}

/** The value of the first <input name=NAME> (e.g. the hidden csrf field), or undefined. */
export function formField(html, name) {
  return inputs(html).find((a) => a.name === name)?.value;
}

/** The options of <select id=ID>: [{ value, text, selected }]. */
export function selectOptions(html, id) {
  const m = new RegExp(`<select\\b[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!m) return null;
  return [...m[1].matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)].map((o) => {
    const a = attrs(o[1]);
    return { value: a.value, text: textOf(o[2]), selected: 'selected' in a };
  });
}

/** The text of the element with id=ID (first match; p/div/h1/section...), or undefined. */
export function byId(html, id) {
  const m = new RegExp(`<([a-z0-9]+)\\b[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return m ? textOf(m[2]) : undefined;
}

/** Rows of the notices table: [{ unread, estado, de, destinatario, asunto, href, fecha }]. */
export function noticeRows(html) {
  const tb = /<table class="notices">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html);
  if (!tb) return null;
  const rows = [];
  for (const tr of tb[1].matchAll(/<tr\b([^>]*)>([\s\S]*?)<\/tr>/g)) {
    const cells = [...tr[2].matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]);
    if (cells.length !== 5) continue;   // the "no notices" row
    const href = /<a href="([^"]*)"/.exec(cells[3]);
    rows.push({
      unread: /class="unread"/.test(tr[1]),
      estado: textOf(cells[0]),
      de: textOf(cells[1]),
      destinatario: textOf(cells[2]),
      asunto: textOf(cells[3]),
      href: href ? decodeEntities(href[1]) : null,
      fecha: textOf(cells[4]),
    });
  }
  return rows;
}

/** Formats Unix seconds as Ecuador time (UTC-5, no DST): dd/mm/yyyy hh:mm:ss. */
export function ecuadorTime(unixSeconds) {
  const d = new Date((unixSeconds - 5 * 3600) * 1000);
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCFullYear(), 4)} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** The security headers every response must carry. */
export function assertSecurityHeaders(res, what = '') {
  const h = res.headers;
  const csp = h.get('content-security-policy');
  assert.ok(csp, `${what}: Content-Security-Policy missing`);
  const scriptSrc = /(?:^|;)\s*script-src\s+([^;]*)/.exec(csp) ?? /(?:^|;)\s*default-src\s+([^;]*)/.exec(csp);
  assert.ok(scriptSrc, `${what}: CSP has neither script-src nor default-src: ${csp}`);
  assert.ok(!/'unsafe-inline'|'unsafe-eval'/.test(scriptSrc[1]), `${what}: script-src allows inline/eval: ${csp}`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP frame-ancestors`);
  assert.equal(h.get('x-frame-options'), 'DENY', `${what}: X-Frame-Options`);
  assert.ok(h.get('referrer-policy'), `${what}: Referrer-Policy missing`);
  assert.equal(h.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  const pp = h.get('permissions-policy') ?? '';
  for (const f of ['camera', 'microphone', 'geolocation', 'payment', 'usb'])
    assert.match(pp, new RegExp(`(^|, )${f}=\\(\\)`), `${what}: Permissions-Policy must deny ${f}: ${pp}`);
}

/* ---- a tiny cookie jar and client ---------------------------------------- */

/** Parses one Set-Cookie header: { name, value, attrs: { lowercased: value|true } }. */
export function parseSetCookie(s) {
  const parts = s.split(';').map((p) => p.trim());
  const eq = parts[0].indexOf('=');
  const c = { name: parts[0].slice(0, eq), value: parts[0].slice(eq + 1), attrs: {} };
  for (const p of parts.slice(1)) {
    const i = p.indexOf('=');
    if (i < 0) c.attrs[p.toLowerCase()] = true;
    else c.attrs[p.slice(0, i).toLowerCase()] = p.slice(i + 1);
  }
  return c;
}

export class Client {
  constructor(base) {
    this.base = base;
    this.jar = new Map();
  }

  cookie(name) { return this.jar.get(name); }

  setCookie(name, value) {
    if (value === undefined || value === null) this.jar.delete(name);
    else this.jar.set(name, value);
  }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /**
   * One request (redirects are not followed).  opts: headers, body (string or
   * Buffer), form (object or [[k, v]...]: sent urlencoded), cookies (false: do
   * not send the jar).  Returns { status, headers, text, location, cookies }
   * where cookies are the parsed Set-Cookie headers of this response.
   */
  async request(method, p, opts = {}) {
    const headers = { ...(opts.headers ?? {}) };
    const ch = this.cookieHeader();
    if (ch && opts.cookies !== false && !('Cookie' in headers)) headers.Cookie = ch;
    let body = opts.body;
    if (opts.form !== undefined) {
      body = new URLSearchParams(opts.form).toString();
      if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(this.base + p, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    const cookies = res.headers.getSetCookie().map(parseSetCookie);
    for (const c of cookies) {
      if (c.attrs['max-age'] === '0' || c.value === '') this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    return {
      status: res.status,
      headers: res.headers,
      text,
      location: res.headers.get('location'),
      cookies,
      cookie: (name) => cookies.find((c) => c.name === name),
    };
  }

  get(p, opts) { return this.request('GET', p, opts); }

  post(p, form, opts = {}) { return this.request('POST', p, { ...opts, form }); }

  /** GET / then POST /login with the form's csrf; returns the POST's response. */
  async signIn(ruc, usuario, clave, extra = {}) {
    const home = await this.get('/');
    assert.equal(home.status, 200, 'GET / must answer 200');
    const csrf = formField(home.text, 'csrf');
    assert.ok(csrf, 'the sign-in form must carry a hidden csrf field');
    return this.post('/login', { ruc, usuario, clave, csrf, ...extra });
  }

  /** signIn that must succeed (303 to /oce). */
  async signInOk(who) {
    const r = await this.signIn(who.ruc, who.usuario, who.clave);
    assert.equal(r.status, 303, `sign-in of ${who.usuario} must succeed: ${r.status} ${byId(r.text, 'form-err') ?? ''}`);
    assert.equal(r.location, '/oce');
    return r;
  }

  /** The csrf of the current session, read from the OCE page's form. */
  async sessionCsrf(p = '/oce') {
    const r = await this.get(p);
    assert.equal(r.status, 200, `GET ${p} must answer 200 to read the csrf`);
    const csrf = formField(r.text, 'csrf');
    assert.ok(csrf, `${p} must carry a csrf field`);
    return csrf;
  }

  /** GET /oce, then POST /oce accion=ingresar with codigo (and tipo if given). */
  async chooseOce(codigo, tipo) {
    const csrf = await this.sessionCsrf('/oce');
    const form = { codigo, accion: 'ingresar', csrf };
    if (tipo) form.tipo = tipo;
    return this.post('/oce', form);
  }

  /** Signs in and chooses the OCE; asserts both succeed. */
  async enter(who, codigo) {
    await this.signInOk(who);
    const r = await this.chooseOce(codigo);
    assert.equal(r.status, 303, `choosing OCE ${codigo} must succeed (got ${r.status})`);
    assert.equal(r.location, '/principal');
    return r;
  }

  /** POST /logout with the csrf read from the given page. */
  async logout(from = '/principal') {
    const csrf = await this.sessionCsrf(from);
    return this.post('/logout', { csrf });
  }
}

/* ---- e-documents ---------------------------------------------------------- */

/** The sample document of a type (schemas/samples). */
export const sampleXml = (t) => readFileSync(path.join(ROOT, 'schemas', 'samples', `${t}.xml`), 'utf8');

/** POST /edocumentos with the XML as the uploaded file (the client acts under an OCE). */
export async function uploadEdoc(c, xml) {
  const token = await c.sessionCsrf('/edocumentos');
  const fd = new FormData();
  fd.append('csrf', token);
  fd.append('archivo', new Blob([xml], { type: 'text/xml' }), 'doc.xml');
  return c.request('POST', '/edocumentos', { body: fd });
}

/** Every value the e-document form (1.1) would send: inputs, text areas, selected options. */
export function edocFormValues(html) {
  const form = /<form method="post" action="\/elaboracion\/[^"]+" class="edoc-form"[\s\S]*?<\/form>/.exec(html)[0];
  const out = {};
  for (const m of form.matchAll(/<input\b([^>]*)>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[1]);
    if (name) out[decodeEntities(name[1])] = decodeEntities(/\bvalue="([^"]*)"/.exec(m[1])?.[1] ?? '');
  }
  for (const m of form.matchAll(/<textarea\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g))
    out[decodeEntities(m[1])] = decodeEntities(m[2]);
  for (const m of form.matchAll(/<select\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const sel = /<option value="([^"]*)" selected>/.exec(m[2]);
    out[decodeEntities(m[1])] = sel ? decodeEntities(sel[1]) : '';
  }
  return out;
}

/* ---- raw HTTP over a socket (for chunked bodies and oversize heads) ------ */

/**
 * Sends raw bytes (a string/Buffer, or an array of them written in turn) and
 * reads one response.  Write errors after the server answered (it may close
 * the connection early when refusing a body) are tolerated.  Resolves to
 * { status, headers: Map(lowercase -> [values]), header(name), body, raw }.
 */
export function rawRequest(port, parts, { timeout = 10000 } = {}) {
  if (!Array.isArray(parts)) parts = [parts];
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks = [];
    let done = false;
    const finish = (err) => {
      if (done) return;
      const raw = Buffer.concat(chunks);
      const parsed = parseResponse(raw);
      if (parsed && (parsed.complete || err !== undefined)) {
        done = true;
        clearTimeout(timer);
        sock.destroy();
        resolve(parsed);
      } else if (err !== undefined) {
        done = true;
        clearTimeout(timer);
        sock.destroy();
        reject(err ?? new Error(`connection closed without a response (${raw.length} bytes read)`));
      }
    };
    const timer = setTimeout(() => finish(new Error('raw request timed out')), timeout);
    sock.on('data', (d) => { chunks.push(d); finish(); });
    sock.on('end', () => finish(null));
    sock.on('close', () => finish(null));
    sock.on('error', (e) => {
      // EPIPE / ECONNRESET while still writing: the server refused early.
      // Wait for close; the response (if any) is already buffered.
      if (!['EPIPE', 'ECONNRESET'].includes(e.code)) finish(e);
    });
    sock.on('connect', async () => {
      for (const p of parts) {
        if (done || sock.destroyed) return;
        const ok = sock.write(p);
        if (!ok) await new Promise((r) => { sock.once('drain', r); sock.once('close', r); });
      }
    });
  });
}

function parseResponse(raw) {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = raw.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head[0]);
  if (!m) return null;
  const headers = new Map();
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    headers.set(k, [...(headers.get(k) ?? []), v]);
  }
  let body = raw.subarray(end + 4);
  let complete = false;
  const cl = headers.get('content-length');
  if (cl) {
    complete = body.length >= Number(cl[0]);
    body = body.subarray(0, Number(cl[0]));
  } else if ((headers.get('transfer-encoding') ?? []).some((t) => /chunked/i.test(t))) {
    const dec = dechunk(body);
    if (dec) { complete = true; body = dec; }
  }
  const status = Number(m[1]);
  if (status === 304 || status === 204) complete = true;
  const h = {
    get: (name) => headers.get(name.toLowerCase())?.join(', ') ?? null,
    getSetCookie: () => headers.get('set-cookie') ?? [],
  };
  return { status, headers: h, rawHeaders: headers, body: body.toString('utf8'), text: body.toString('utf8'), complete };
}

function dechunk(buf) {
  const out = [];
  let i = 0;
  for (;;) {
    const nl = buf.indexOf('\r\n', i);
    if (nl < 0) return null;
    const size = parseInt(buf.subarray(i, nl).toString('latin1'), 16);
    if (Number.isNaN(size)) return null;
    if (size === 0) return Buffer.concat(out);
    if (buf.length < nl + 2 + size + 2) return null;
    out.push(buf.subarray(nl + 2, nl + 2 + size));
    i = nl + 2 + size + 2;
  }
}
