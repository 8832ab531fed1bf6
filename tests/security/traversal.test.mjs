// Path traversal and open redirects, from the route table and two corpora:
//   - traversal.txt replaces the "{}" segment of every route that has one, written raw
//     into the request line (fetch would normalise "../" away): never a file from outside
//     the static set (no /etc/passwd, no source, no store, no binary), never a 5xx; on the
//     static routes nothing but 404 or 400;
//   - redirect.txt goes into every parameter of every route (and every "{}" segment):
//     a Location header never leaves the site.
// The framing cases of the issue (two Content-Length, a length with a transfer coding)
// are tests/http/framing.test.mjs, run in this stage too (Makefile, target security).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { rawRequest } from '../http/lib.mjs';
import { baseline, concretePath, crawlAll, ownSession, routeKey, routeRole, routeTable, send, startTarget, validValue, withField } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = (f) => readFileSync(path.join(here, f), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
const TRAVERSAL = corpus('traversal.txt');
const REDIRECT = corpus('redirect.txt');
const ROUTES = routeTable();

/* What a leaked file would show. */
const LEAKS = [
  [/root:.*:0:0:/, '/etc/passwd'],
  [/SQLite format 3/, 'a SQLite store'],
  [/\x7fELF/, 'a binary'],
  [/#include [<"]/, 'C source'],
  [/^# aduana — build/m, 'the Makefile'],
  [/\[fonts\]|\[extensions\]/i, 'win.ini'],
];

describe('traversal and open redirect', () => {
  let t;
  const sites = {};
  before(async () => {
    t = await startTarget();
    Object.assign(sites, await crawlAll(t));
  });
  after(async () => { await t?.stop(); });

  test('the corpora are read', () => {
    assert.ok(TRAVERSAL.length >= 20 && REDIRECT.length >= 15);
  });

  for (const route of ROUTES.filter((r) => r.path.includes('{}'))) {
    test(`traversal: ${routeKey(route)}`, async () => {
      const role = routeRole(route);
      const client = role === 'anon' ? t.srv.client() : t.actors[role];
      const prefix = route.path.slice(0, -2);
      const bad = [];
      const mark = t.mark();
      for (const tail of TRAVERSAL) {
        const target = `${prefix}${tail}`;
        let head = `${route.method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${t.srv.port}\r\nConnection: close\r\n`;
        const cookie = client.cookieHeader();
        if (cookie) head += `Cookie: ${cookie}\r\n`;
        if (route.method === 'POST') head += 'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n';
        const r = await rawRequest(t.srv.port, Buffer.from(`${head}\r\n`, 'latin1'));
        if (r.status >= 500) bad.push(`${target}: ${r.status}`);
        for (const [re, what] of LEAKS) if (re.test(r.body)) bad.push(`${target}: ${r.status} shows ${what}`);
        if (route.flags.includes('static') && ![400, 404].includes(r.status)) bad.push(`${target}: a static route answered ${r.status}`);
      }
      if (route.flags.includes('static') && route.method === 'GET') {
        // The same request line with a real file is served: the refusals are the path's.
        const real = concretePath(route, sites[role]);
        const r = await rawRequest(t.srv.port, `GET ${real} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
        assert.equal(r.status, 200, `${real} is served`);
      }
      assert.deepEqual(bad, [], `${routeKey(route)}: traversal`);
      assert.deepEqual(t.serverErrors(mark), [], `${routeKey(route)}: the server failed`);
    });
  }

  for (const route of ROUTES.filter((r) => !r.flags.includes('static'))) {
    const points = route.params.filter((x) => !x.prefix).map((x) => x.name);
    if (route.path.includes('{}')) points.push('{}');
    if (points.length === 0) continue;
    test(`open redirect: ${routeKey(route)}`, async () => {
      const role = routeRole(route);
      const site = sites[role];
      const p = concretePath(route, site);
      const own = route.method === 'POST' ? await ownSession(t, route, p, site) : null;
      const client = own ? own.client : t.actors[role];
      const base = own ? own.base : baseline(route, p, site);
      const origin = new URL(t.srv.url).origin;
      const bad = [];
      let redirects = 0;
      for (const name of points) {
        for (const payload of REDIRECT) {
          let fields = base.fields;
          for (const q of route.params)
            if (!q.prefix && q.required && !fields.some(([k, v]) => k === q.name && v !== '')) fields = withField(fields, q.name, validValue(q));
          let target = p;
          if (name === '{}') target = p.replace(/[^/]+$/, encodeURIComponent(payload));
          else fields = withField(fields, name, payload);
          const r = await send(client, route, target, fields, { files: base.files });
          if (r.status >= 500) bad.push(`${name}=${JSON.stringify(payload)}: ${r.status}`);
          const loc = r.headers.get('location');
          if (loc === null) continue;
          redirects++;
          let off = !/^\/(?![/\\])/.test(loc) || /[\x00-\x20\\]/.test(loc);
          try { off ||= new URL(loc, t.srv.url).origin !== origin; } catch { off = true; }
          if (off) bad.push(`${name}=${JSON.stringify(payload)}: Location ${JSON.stringify(loc)}`);
        }
      }
      assert.deepEqual(bad, [], `${routeKey(route)}: a redirect leaves the site (${redirects} redirects seen)`);
    });
  }
});
