// sqlmap (Debian's) on every parameter of every route of `aduana routes`, and on every
// "{}" path segment: none may be injectable.
//
// The server runs on SQLite: the SQL text is the same for both engines (src/store builds
// it once, with bound parameters; only src/db differs), so an injection would show on
// either.  Static routes (flag "static") are left out: they never open the store.
//
// Each request carries the caller's session cookie and, on CSRF routes, the session's
// token (fixed for a session: src/web/dispatch.c), or for the sign-in forms the
// pre-session cookie and its token; Set-Cookie answers are dropped so the session stays
// the one the token belongs to.  Before sqlmap runs, the same request is sent once and
// must not be refused (401/403/429): sqlmap against a refusal tests nothing.  Each
// parameter must then be reported "does not seem to be injectable" — a parameter sqlmap
// skipped fails the test too — and no request of the sweep may have been answered 5xx
// (read from the server's access log): error pages say nothing, so a payload that
// breaks a query is caught there even where sqlmap cannot tell true from false.
//
// SECURITY_LONG=1 (make security-long): --level 3 --risk 2, every technique, every field
// of a prefix parameter (the 1.1 forms' "f." fields).  Otherwise (make check) --level 1
// --risk 1 --technique=BEU and at most SAMPLE prefix fields per form.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ORIGINALS, ROOT, baseline, concretePath, crawlAll, ownSession, prefixNames, routeKey, routeRole, routeTable, send, startTarget, validValue, withField } from './lib.mjs';

// Read when the file loads: each route is a test of its own.
const ROUTES = routeTable();

const LONG = process.env.SECURITY_LONG === '1';
const SAMPLE = 6;
const OUT = path.join(ROOT, 'build', 'security', 'sqlmap');
const LEVEL = LONG ? ['--level', '3', '--risk', '2'] : ['--level', '1', '--risk', '1', '--technique', 'BEU'];

const v = spawnSync('sqlmap', ['--version'], { encoding: 'utf8' });
const SQLMAP_MISSING = v.error || v.status !== 0
  ? 'sqlmap is not installed: run scripts/deps.sh check (Debian package sqlmap)' : null;

function runSqlmap(args) {
  return new Promise((resolve, reject) => {
    const p = spawn('sqlmap', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.setEncoding('utf8');
    p.stderr.setEncoding('utf8');
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out }));
  });
}

/** Fails on any finding; checks that every named parameter was tested to the end. */
function judge(what, res, names) {
  const found = res.out.split('\n').filter((l) =>
    /identified the following injection point|parameter '[^']*' (?:appears to be|is) '.*' injectable|is vulnerable/i.test(l));
  assert.deepEqual(found, [], `${what}: sqlmap found an injection:\n${res.out.slice(-4000)}`);
  assert.doesNotMatch(res.out, /\[CRITICAL\] (?!all tested parameters do not appear)/,
    `${what}: sqlmap stopped:\n${res.out.slice(-3000)}`);
  for (const n of names) {
    const ok = new RegExp(`parameter '${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' does not seem to be injectable`).test(res.out);
    assert.ok(ok, `${what}: sqlmap did not finish testing '${n}':\n${res.out.slice(-3000)}`);
  }
}

/** The session still opens the role's pages (a GET route of the role alone, without "{}"). */
async function sessionAlive(client, role) {
  const r = ROUTES.find((x) => x.method === 'GET' && x.roles.includes(role) && !x.roles.includes('anon') &&
    !x.path.includes('{}') && !x.params.some((y) => y.required));
  return (await client.get(r.path)).status === 200;
}

describe('sqlmap: no parameter is injectable', () => {
  let t;
  const sites = {};
  before(async () => {
    assert.equal(SQLMAP_MISSING, null, SQLMAP_MISSING);
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    t = await startTarget();
    Object.assign(sites, await crawlAll(t));
  });
  after(async () => { await t?.stop(); });

  test('sqlmap is installed', () => { assert.equal(SQLMAP_MISSING, null, SQLMAP_MISSING); });

  for (const route of ROUTES) {
    if (route.flags.includes('static')) continue;
    test(`${routeKey(route)}`, { timeout: LONG ? 3600e3 : 600e3 }, async () => {
      const role = routeRole(route);
      const site = sites[role];
      const p = concretePath(route, site);
      // A POST gets a session of its own: sqlmap's requests may end or rotate it.
      const { client, base } = route.method === 'POST'
        ? await ownSession(t, route, p, site) : { client: t.actors[role], base: baseline(route, p, site) };
      let fields = base.fields;
      if (route.csrf === 'pre') {
        // The sign-in forms: a user of their own, with its right password as the
        // original value, so a successful injection would change the answer.
        const who = route.params.some((x) => x.kind === 'ruc') ? t.throwaway : t.throwawayOfficer;
        for (const [k, val] of [['ruc', who.ruc], ['usuario', who.usuario], ['clave', who.clave]])
          if (route.params.some((x) => x.name === k)) fields = withField(fields, k, val);
      }
      // Every declared parameter gets a valid original value (prefix ones: their fields).
      const names = [];
      for (const prm of route.params) {
        const own = prm.prefix ? prefixNames(prm, base) : [prm.name];
        const pick = prm.prefix && !LONG ? own.slice(0, SAMPLE) : own;
        for (const n of pick) {
          const cur = fields.find(([k]) => k === n)?.[1];
          if (cur === undefined || cur === '') fields = withField(fields, n, prm.prefix ? 'prueba' : validValue(prm));
          names.push(n);
        }
      }
      for (const [k, val] of Object.entries(ORIGINALS[routeKey(route)] ?? {})) fields = withField(fields, k, val);
      if (names.length === 0 && !route.path.includes('{}')) return;   // nothing to inject into
      const probe = await send(client, route, p, fields, { files: base.files });
      assert.ok(![401, 403, 429].includes(probe.status),
        `${routeKey(route)}: the valid request as ${role} is refused (${probe.status}); sqlmap would test nothing`);
      if (role !== 'anon' && route.csrf !== 'pre')
        assert.ok(await sessionAlive(client, role),
          `${routeKey(route)}: the ${role}'s session does not survive the valid request; sqlmap would test nothing`);

      const common = ['--batch', '--disable-coloring', '--drop-set-cookie', '--ignore-code=429',
        '--output-dir', OUT, '--flush-session', '--threads', '2', ...LEVEL];
      const cookie = client.cookieHeader();
      if (cookie) common.push('--cookie', cookie);
      const url = `${t.srv.url}${p}`;
      const body = new URLSearchParams(fields).toString();
      const target = (u) => (route.method === 'GET'
        ? ['-u', body ? `${u}?${body}` : u]
        : route.body === 'multipart' ? null : ['-u', u, '--data', body]);
      // An upload's file is the XML the schema judges (fuzz/fuzz_edoc.c; the 1.1
      // forms' fields reach the same code and are tested here); its declared text
      // parts would need a raw request file (-r).
      if (route.body === 'multipart')
        assert.equal(names.length, 0, `${routeKey(route)}: multipart text parameters need sqlmap -r; extend sqlmap.test.mjs`);
      const mark = t.mark();
      if (names.length) {
        const res = await runSqlmap([...target(url), '-p', names.join(','), ...common]);
        judge(routeKey(route), res, names);
      }
      if (route.path.includes('{}') && route.body !== 'multipart') {
        const res = await runSqlmap([...target(`${url}*`), ...common]);
        judge(`${routeKey(route)} (its path segment)`, res, ['#1*']);
      }
      assert.deepEqual(t.serverErrors(mark), [], `${routeKey(route)}: sqlmap's requests made the server fail`);
    });
  }
});

