// lib.mjs — the security suite's target: a real `aduana serve` (tests/http/lib.mjs) with
// demo data, a document of each kind an operator and an officer can act on, a session for
// each kind of caller, and the route table read from `aduana routes`.
//
// Nothing here names a route.  Every test file walks the table:
//   - routeActor(route) is the caller a route is exercised as (the first of its roles
//     this suite has a session for, preferring a signed-in operator, then officers);
//   - a path's "{}" is filled from a crawl: every GET page the caller can open without
//     parameters, then the links and form actions on them, followed while they match
//     a route of the table; a "{}" that no page links to fails the test that needs it
//     (so a new route must be reachable from a page, as every real one is);
//   - a request's other parameters start from a valid value: the form on a crawled page
//     whose action is the route (hidden fields, selected options, the submit button),
//     else a link's query, else a value made from the parameter's kind.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import {
  AGENTE, ROOT, cli, decodeEntities, sampleXml, sleep, startServer, uploadEdoc,
} from '../http/lib.mjs';

export { ROOT, sampleXml };

export const OFFICERS = {
  supervisor: { usuario: 'supervisor', clave: 'Supervisor.2026' },
  admin: { usuario: 'admin', clave: 'Admin.2026' },
  recepcion: { usuario: 'recepcion', clave: 'Recepcion.2026' },
};

/* The server's limits on sign-ins from one address are relaxed (0 = no cap), and the
 * lockout raised to its maximum: sqlmap and the payload corpora send hundreds of failed
 * sign-ins from 127.0.0.1, and a 429 or a blocked account would only hide the page the
 * suite wants to see.  Those limits have their own tests (tests/http). */
export const SERVER_ENV = {
  ADUANA_SLOW_PER_CLIENT: '0',
  ADUANA_CONN_PER_ADDR: '0',
  ADUANA_SIGNIN_ADDR_FAILURES: '0',
  ADUANA_MAX_FAILURES: '100',
  ADUANA_ACCESS_LOG: '1',   // read by serverErrors()
  // The sessions signed in at the start must outlive the sweep: sqlmap on
  // one route at level 3 can take over 20 minutes, past the 30-minute idle
  // timeout of a session no request of which came meanwhile.
  ADUANA_IDLE_MINUTES: '1440',
};

/** The route table: `aduana routes`, parsed. */
export function routeTable() {
  const r = cli(['routes']);
  assert.equal(r.status, 0, `aduana routes failed: ${r.stderr}`);
  return JSON.parse(r.stdout).routes;
}

/** A route's path as a regular expression ("{}" is one segment). */
export function pathRegex(p) {
  const esc = p.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`));
  return new RegExp(`^${esc.replace('{}', '[^/?#]+')}$`);
}

export const routeKey = (r) => `${r.method} ${r.path}`;

/** A value the parameter's validator accepts. */
export function validValue(p) {
  switch (p.kind) {
    case 'one_of': return p.one_of[0];
    case 'int': return String(Math.max(p.lo, 1));
    case 'digits': return '1'.repeat(Math.max(p.lo, 1));
    case 'ruc': return AGENTE.ruc;
    case 'date': return '01/01/2026';
    case 'token': return '0'.repeat(64);
    case 'key': return '1.1';
    default: return 'prueba';
  }
}

/* ---- the target ---------------------------------------------------------- */

async function officerClient(srv, who) {
  const c = srv.client();
  const page = await c.get('/funcionarios');
  const csrf = /name="csrf" value="([^"]*)"/.exec(page.text)?.[1];
  const r = await c.post('/funcionarios', { usuario: who.usuario, clave: who.clave, csrf });
  assert.equal(r.status, 303, `officer ${who.usuario} signs in (${r.status})`);
  return c;
}

/**
 * Starts the target.  Returns { srv, routes, actors, throwaway, crawl(role), ... }.
 * actors: { anon, signed, operator, officer, admin } — Client objects of tests/http/lib.mjs.
 * throwaway, throwawayOfficer: an operator user and an officer made for the sign-in forms.
 */
export async function startTarget() {
  const srv = await startServer({ env: SERVER_ENV });
  const routes = routeTable();
  let r = srv.cli(['catalog', 'import', '--data', path.join(ROOT, 'data')]);
  assert.equal(r.status, 0, `catalog import: ${r.stderr}`);
  // Documents stay Registrado, so the officers' acts and the operator's are offered.
  srv.sql('UPDATE risk_ruleset SET auto_accept = 0');
  const throwaway = srv.addUser({ usuario: 'seguridad', clave: 'Tortuga.Gigante.2026' });
  r = srv.cli(['officer', 'add', '--usuario', 'seguridad', '--nombre', 'Funcionario de Prueba',
    '--email', 'seguridad@example.test', '--distrito', '028', '--rol', 'recepcion'], { input: 'Tortuga.Gigante.2026\n' });
  assert.equal(r.status, 0, `officer add: ${r.stderr}`);
  const throwawayOfficer = { usuario: 'seguridad', clave: 'Tortuga.Gigante.2026' };

  const operator = srv.client();
  await operator.enter(AGENTE, '23902040');
  for (const t of ['DAI', 'DAE']) {
    r = await uploadEdoc(operator, sampleXml(t));
    assert.equal(r.status, 200, `upload of the ${t} sample: ${r.status}`);
  }
  // The signed-in caller without an OCE is a user registered under a cédula, so
  // Datos del usuario offers it the homologación con RUC.
  const persona = srv.addUser({ ruc: '1804567897', usuario: 'persona', clave: 'Tortuga.Gigante.2026', oce: '29000009:01' });
  const signed = srv.client();
  await signed.signInOk(persona);
  // An employee of the operator's company, so 3.2.3 links to /uso/{}.
  srv.sql(`INSERT INTO app_user (kind, ruc, usuario, nombre, email, pw_hash, created_at, clase, estado, confirmed_at)
           VALUES ('operador', '${AGENTE.ruc}', 'empleado1', 'Empleado de Prueba', 'empleado1@example.test', 'x', 0,
                   'empleado', 'pendiente', 0)`);
  // A new e-mail waiting for its code, so Datos del usuario shows the code's form.
  {
    const page = await operator.get('/cuenta');
    const csrf = /name="csrf" value="([^"]*)"/.exec(page.text)?.[1];
    r = await operator.post('/cuenta/correo', { csrf, email: 'agente.nuevo@example.test' });
    assert.equal(r.status, 303, `a new e-mail for the operator (${r.status})`);
  }
  // The pages reached from e-mail (a registration's code page, a Reiniciar clave
  // link) are linked from no page: the visitor's crawl starts from them too.
  const mailed = [];
  {
    const anon = srv.client();
    let page = await anon.get('/registro');
    let csrf = /name="csrf" value="([^"]*)"/.exec(page.text)?.[1];
    r = await anon.post('/registro', {
      csrf, clase: 'general', ruc: '', cedula: '0601234560', nombre: 'Visitante de Prueba', email: 'visitante@example.test',
      telefono: '0991234567', usuario: 'visitante', clave: 'Tortuga.Gigante.2026', clave2: 'Tortuga.Gigante.2026',
      convenio: '1', accion: 'enviar',
    });
    assert.equal(r.status, 303, `a registration waiting for its code (${r.status})`);
    mailed.push(r.location);
    page = await anon.get('/clave');
    csrf = /name="csrf" value="([^"]*)"/.exec(page.text)?.[1];
    r = await anon.post('/clave', { csrf, ruc: AGENTE.ruc, usuario: 'agente', email: 'agente@andina.example' });
    assert.equal(r.status, 200, `Reiniciar clave (${r.status})`);
    const inbox = path.join(srv.maildir, 'new');
    let link;
    for (let i = 0; i < 100 && !link; i++) {
      for (const f of existsSync(inbox) ? readdirSync(inbox) : []) {
        const m = /\/clave\/nueva\/[0-9a-f]{64}/.exec(readFileSync(path.join(inbox, f), 'latin1').replace(/=\r?\n/g, ''));
        if (m) link = m[0];
      }
      if (!link) await sleep(100);
    }
    assert.ok(link, 'the Reiniciar clave link arrives in the maildir');
    mailed.push(link);
  }
  const actors = {
    anon: srv.client(),
    signed,
    operator,
    officer: await officerClient(srv, OFFICERS.supervisor),
    admin: await officerClient(srv, OFFICERS.admin),
  };
  const t = {
    srv, routes, actors, throwaway, throwawayOfficer, mailed,
    /** A fresh session for a role (for tests that end or rotate sessions). */
    async newActor(role) {
      if (role === 'anon') return srv.client();
      if (role === 'signed') { const c = srv.client(); await c.signInOk(persona); return c; }
      if (role === 'operator') { const c = srv.client(); await c.enter(AGENTE, '23902040'); return c; }
      return officerClient(srv, role === 'admin' ? OFFICERS.admin : OFFICERS.supervisor);
    },
    /** Where the server's log is now: serverErrors(mark) reads from there. */
    mark() { return srv.stderr.length; },
    /**
     * The access-log lines since mark with a 5xx status, and the errors logged.  A payload that breaks a
     * query shows as a 500 even when the page says nothing about it (error pages
     * never echo), so a sweep that caused one fails.
     */
    serverErrors(mark = 0) {
      return srv.stderr.slice(mark).split('\n')
        .filter((l) => /^\S+ access \S+ \S+ 5\d\d \d+ \d+us$/.test(l) || /^\S+ error /.test(l));
    },
    async stop() { await srv.stop(); },
  };
  return t;
}

/* Original values a route's sweep starts from, where the generic valid value
 * would end the caller's session: a homologación with a registered operator's
 * RUC moves the account to it and ends every session, so the sweep starts from
 * a well-formed RUC of no operator (refused, 400: an injection that got through
 * would change the answer). */
export const ORIGINALS = {
  'POST /cuenta/homologar': { ruc: '1791234567001' },
};

/** The role a route is exercised as. */
export function routeRole(route) {
  if (route.csrf === 'pre') return 'anon';   // signing in replaces a session
  // The homologación is offered only to a user registered under a cédula: the
  // signed-in caller (persona), not the operator.
  if (route.path === '/cuenta/homologar') return 'signed';
  for (const role of ['operator', 'officer', 'admin', 'signed', 'anon'])
    if (route.roles.includes(role)) return role;
  throw new Error(`${routeKey(route)}: no role this suite can act as (${route.roles})`);
}

/* ---- crawling ------------------------------------------------------------ */

/** href, src and action targets of a page (same-site paths only), entities decoded. */
export function links(html) {
  const out = new Set();
  for (const m of html.matchAll(/\b(?:href|src|action)="([^"]*)"/g)) {
    const u = decodeEntities(m[1]);
    if (u.startsWith('/') && !u.startsWith('//')) out.add(u);
  }
  return [...out];
}

/** The forms of a page: [{ method, action, fields: [[name, value]], buttons: [[name, value]], files: [name] }]. */
export function forms(html) {
  const out = [];
  for (const f of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attr = (s, n) => { const m = new RegExp(`\\b${n}="([^"]*)"`).exec(s); return m ? decodeEntities(m[1]) : undefined; };
    const form = {
      method: (attr(f[1], 'method') ?? 'get').toUpperCase(),
      action: attr(f[1], 'action'),
      multipart: /multipart\/form-data/.test(f[1]),
      fields: [],
      buttons: [],
      files: [],
    };
    const radios = new Map();
    for (const m of f[2].matchAll(/<input\b([^>]*)>/g)) {
      const name = attr(m[1], 'name');
      if (!name) continue;
      const type = (attr(m[1], 'type') ?? 'text').toLowerCase();
      const value = attr(m[1], 'value') ?? '';
      if (type === 'file') form.files.push(name);
      else if (type === 'submit') form.buttons.push([name, value]);
      else if (type === 'radio') {
        // The checked choice, else the first one offered.
        if (!radios.has(name) || /\bchecked\b/.test(m[1])) radios.set(name, value);
      } else if (type === 'checkbox' && !/\bchecked\b/.test(m[1])) continue;
      else form.fields.push([name, value]);
    }
    for (const [name, value] of radios) form.fields.push([name, value]);
    for (const m of f[2].matchAll(/<button\b([^>]*)>/g)) {
      const name = attr(m[1], 'name');
      if (name) form.buttons.push([name, attr(m[1], 'value') ?? '']);
    }
    for (const m of f[2].matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attr(m[1], 'name');
      if (name) form.fields.push([name, decodeEntities(m[2])]);
    }
    for (const m of f[2].matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attr(m[1], 'name');
      if (!name) continue;
      const sel = /<option\b[^>]*\bvalue="([^"]*)"[^>]*\bselected/.exec(m[2]) ?? /<option\b[^>]*\bvalue="([^"]*)"/.exec(m[2]);
      form.fields.push([name, sel ? decodeEntities(sel[1]) : '']);
    }
    out.push(form);
  }
  return out;
}

/**
 * Crawls what a client can open: every parameterless GET route its role may call, then
 * links matching a GET route, breadth first, at most perRoute pages per route and max
 * pages in all.  Returns { pages: Map(url → html), forms: [{ page, ...form }] }.
 */
export async function crawl(client, role, routes, { max = 120, perRoute = 4 } = {}) {
  const gets = routes.filter((r) => r.method === 'GET' && r.roles.includes(role) && !r.flags.includes('static'));
  const queue = gets.filter((r) => !r.path.includes('{}')).map((r) => r.path);
  const seen = new Set(queue);
  const count = new Map();
  const pages = new Map();
  const found = [];
  while (queue.length && pages.size < max) {
    const url = queue.shift();
    const res = await client.get(url);
    if (res.status !== 200 || !/text\/html/.test(res.headers.get('content-type') ?? '')) continue;
    pages.set(url, res.text);
    for (const f of forms(res.text)) found.push({ page: url, ...f });
    for (const l of links(res.text)) {
      const p = l.split(/[?#]/)[0];
      const route = gets.find((r) => pathRegex(r.path).test(p));
      if (!route || seen.has(l) || /\/(salir|logout)\b/.test(p)) continue;
      const n = count.get(route.path) ?? 0;
      if (n >= perRoute) continue;
      count.set(route.path, n + 1);
      seen.add(l);
      queue.push(l);
    }
  }
  return { pages, forms: found };
}

/** The crawl of every actor of the target: { role: site }. */
export async function crawlAll(t) {
  const sites = {};
  for (const role of Object.keys(t.actors)) sites[role] = await crawl(t.actors[role], role, t.routes);
  // The pages reached from an e-mail (open to every caller), as each sees them.
  for (const url of t.mailed ?? []) {
    for (const role of Object.keys(t.actors)) {
      const res = await t.actors[role].get(url);
      if (res.status !== 200) continue;
      sites[role].pages.set(url, res.text);
      for (const f of forms(res.text)) sites[role].forms.push({ page: url, ...f });
    }
  }
  return sites;
}

/** Every path (no query) seen in a crawl that matches the route's pattern. */
export function pathsFor(route, site, allLinks) {
  const re = pathRegex(route.path);
  const out = new Set();
  for (const u of [...site.pages.keys(), ...allLinks, ...site.forms.map((f) => f.action ?? '')]) {
    const p = u.split(/[?#]/)[0];
    if (re.test(p)) out.add(p);
  }
  return [...out];
}

/** A concrete path for the route (its "{}" filled from the crawl), or throws. */
export function concretePath(route, site) {
  if (!route.path.includes('{}')) return route.path;
  const all = [];
  for (const html of site.pages.values()) all.push(...links(html));
  const ps = pathsFor(route, site, all);
  assert.ok(ps.length > 0, `${routeKey(route)}: no page this suite crawls links to it, so its "{}" cannot be filled; ` +
    'link it from a page, or extend tests/security/lib.mjs');
  return ps[0];
}

/**
 * The valid request for a route at a concrete path: [[name, value]...] (csrf included
 * when a form carries it) and the multipart file fields.  From the form whose action is
 * the path (the submit button first in the list, so an act is chosen), else the query of
 * a crawled link to it, else each declared parameter's valid value when required.
 */
export function baseline(route, p, site) {
  if (route.method === 'POST') {
    const f = site.forms.find((x) => x.method === 'POST' && x.action === p);
    if (f) {
      const names = new Set(f.fields.map(([n]) => n));
      const extra = f.buttons.filter(([n]) => !names.has(n)).slice(0, 1);
      return { fields: [...f.fields, ...extra], files: f.files, multipart: f.multipart, page: f.page };
    }
  } else {
    for (const u of site.pages.keys()) {
      const [q, query] = u.split('?');
      if (q === p && query) return { fields: [...new URLSearchParams(query)], files: [], multipart: false };
    }
  }
  const fields = route.params.filter((x) => x.required && !x.prefix).map((x) => [x.name, validValue(x)]);
  return { fields, files: [], multipart: route.body === 'multipart' };
}

/**
 * A session of its own for a state-changing route (one that may end or rotate the
 * session: sign-in, sign-out, the OCE choice), and the route's baseline read from the
 * form as that session sees it (its own CSRF token).  Returns { client, base }.
 */
export async function ownSession(t, route, p, site) {
  const client = await t.newActor(routeRole(route));
  let base = baseline(route, p, site);
  if (base.page) {
    const page = await client.get(base.page);
    assert.equal(page.status, 200, `${routeKey(route)}: GET ${base.page} as a new session`);
    base = baseline(route, p, { pages: new Map(), forms: forms(page.text).map((f) => ({ page: base.page, ...f })) });
  }
  return { client, base };
}

/** Replaces (or adds) a field's value in a [[name, value]] list. */
export function withField(fields, name, value) {
  const out = fields.filter(([n]) => n !== name);
  out.push([name, value]);
  return out;
}

/** The session's CSRF token as the pages carry it (the first csrf field of a crawled page). */
export function csrfOf(site) {
  for (const f of site.forms) {
    const t = f.fields.find(([n]) => n === 'csrf');
    if (t && f.method === 'POST') return t[1];
  }
  return undefined;
}

/**
 * Sends a request for route at path p with fields (and files: name → XML text).
 * Returns the Client's response object.
 */
export async function send(client, route, p, fields, { files = [], headers = {}, cookies } = {}) {
  if (route.method === 'GET') {
    const q = new URLSearchParams(fields).toString();
    return client.get(q ? `${p}?${q}` : p, { headers, cookies });
  }
  if (route.body === 'multipart') {
    const fd = new FormData();
    for (const [n, v] of fields) fd.append(n, v);
    for (const n of files) fd.append(n, new Blob([sampleXml('DAI')], { type: 'text/xml' }), 'doc.xml');
    return client.request('POST', p, { body: fd, headers, cookies });
  }
  return client.request('POST', p, { body: new URLSearchParams(fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, cookies });
}

/** The names a prefix parameter ("f.") takes on the route's form, or [prefix + "x"]. */
export function prefixNames(param, base) {
  const names = base.fields.map(([n]) => n).filter((n) => n.startsWith(param.name));
  return names.length ? names : [`${param.name}x`];
}
