// XSS: the payloads of xss.txt into every parameter (and every "{}" segment) of every
// route of `aduana routes`, each answer loaded in Chromium; then every page each kind of
// user can reach, where stored values come back (a reason in a document's history, a
// rule's note, the fields of a document made in 1.1).  Nothing may create an element or
// attribute, run a handler or open a dialog.
//
// Chromium runs with the Content-Security-Policy bypassed: the policy forbids inline
// scripts, and the test is of the escaping, not of that second wall.  Answers are
// fetched by this process (any method, any body) and handed to Chromium at their own
// URL (page.route), so relative scripts and styles of the page load from the server.
//
// SECURITY_LONG=1: every payload of xss.txt and every field of a prefix parameter;
// otherwise the payloads marked "+" and at most SAMPLE fields of a prefix parameter.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { ROOT, baseline, concretePath, crawl, crawlAll, forms, ownSession, prefixNames, routeKey, routeRole, routeTable, send, startTarget, validValue, withField } from './lib.mjs';

const LONG = process.env.SECURITY_LONG === '1';
const SAMPLE = 6;
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(ROOT, 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

const PAYLOADS = readFileSync(path.join(here, 'xss.txt'), 'utf8').split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  .filter((l) => LONG || l.startsWith('+'))
  .map((l) => (l.startsWith('+') ? l.slice(1) : l));
const ROUTES = routeTable();

/** Every marker handed out, with where it went. */
const sources = new Map();
function mark(what, payload) {
  const id = `xss${sources.size + 1}z`;
  sources.set(id, `${what} ← ${payload}`);
  return payload.replaceAll('XSSID', id);
}
const explain = (hit) => {
  const id = /xss\d+z/.exec(hit)?.[0];
  return `${hit}  (from ${id ? sources.get(id) : 'an unknown marker'})`;
};

/* What a page shows of an injection: run in the page. */
function detect() {
  const hits = [];
  const marked = (s) => /xss\d+z/.test(s ?? '');
  for (const el of document.querySelectorAll('[data-xss]'))
    hits.push(`<${el.tagName.toLowerCase()} data-xss="${el.getAttribute('data-xss')}">`);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name) && marked(a.value)) hits.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`);
      if (/^(href|src|action|formaction|xlink:href|srcdoc|data)$/i.test(a.name) && /^\s*javascript:/i.test(a.value) && marked(a.value))
        hits.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`);
    }
  }
  for (const s of document.scripts) if (marked(s.textContent)) hits.push(`<script>${s.textContent.slice(0, 80)}`);
  return hits;
}

describe('XSS: no payload creates an element, an attribute or a dialog', () => {
  let t, browser, page;
  const sites = {};
  const dialogs = [];
  let pending = null;   // { url, status, headers, body } for the next navigation

  /** Loads an answer in Chromium at its URL; returns what detect() and dialogs found. */
  async function inChromium(url, res) {
    if (!/text\/html/.test(res.headers.get('content-type') ?? '')) return [];
    dialogs.length = 0;
    pending = { url, status: res.status === 304 ? 200 : res.status, body: res.text };
    // A redirect's body is not a page a browser shows; its Location is redirect.test.mjs's.
    if (res.status >= 300 && res.status < 400) return [];
    await page.goto(url, { waitUntil: 'load' });
    const hits = await page.evaluate(detect);
    return [...hits, ...dialogs.map((m) => `dialog "${m}"`)];
  }

  before(async () => {
    t = await startTarget();
    Object.assign(sites, await crawlAll(t));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
    });
    const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
    page = await context.newPage();
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    await page.route('**/*', async (r) => {
      if (pending && r.request().isNavigationRequest() && r.request().url() === pending.url) {
        const p = pending;
        pending = null;
        await r.fulfill({ status: p.status, contentType: 'text/html; charset=utf-8', body: p.body });
      } else {
        await r.continue();
      }
    });
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  test('the corpus is read', () => {
    assert.ok(PAYLOADS.length >= (LONG ? 30 : 8), `${PAYLOADS.length} payloads`);
    for (const p of PAYLOADS) assert.match(p, /XSSID/, `every payload carries the marker: ${p}`);
  });

  for (const route of ROUTES) {
    if (route.flags.includes('static') || route.answer !== 'html') continue;
    test(`reflected: ${routeKey(route)}`, { timeout: 600e3 }, async () => {
      const role = routeRole(route);
      const site = sites[role];
      const p = concretePath(route, site);
      const own = route.method === 'POST' ? await ownSession(t, route, p, site) : null;
      const client = own ? own.client : t.actors[role];
      let base = own ? own.base : baseline(route, p, site);
      const formPage = base.page;
      const points = [];
      for (const prm of route.params) {
        const names = prm.prefix ? prefixNames(prm, base) : [prm.name];
        for (const n of (prm.prefix && !LONG ? names.slice(0, SAMPLE) : names)) points.push([n, prm]);
      }
      if (route.path.includes('{}')) points.push(['{}', null]);
      const found = [];
      const mk = t.mark();
      for (const [name, prm] of points) {
        for (const payload of PAYLOADS) {
          // A state-changing form is read again each time (its version, its acts).
          if (formPage && route.method === 'POST') {
            const fp = await client.get(formPage);
            const again = forms(fp.text).map((f) => ({ page: formPage, ...f }));
            if (again.some((f) => f.action === p)) base = baseline(route, p, { pages: new Map(), forms: again });
          }
          let fields = base.fields;
          for (const q of route.params)
            if (!q.prefix && q.kind === 'text' && !fields.some(([k, v]) => k === q.name && v !== ''))
              fields = withField(fields, q.name, validValue(q));
          const value = mark(`${routeKey(route)} ${name}`, payload);
          let target = p;
          if (prm) fields = withField(fields, name, value);
          else target = p.replace(/[^/]+$/, encodeURIComponent(value));
          const res = await send(client, route, target, fields, { files: base.files });
          const qs = route.method === 'GET' ? new URLSearchParams(fields).toString() : '';
          const url = `${t.srv.url}${target}${qs ? `?${qs}` : ''}`;
          for (const hit of await inChromium(url, res)) found.push(explain(hit));
        }
      }
      assert.deepEqual(found, [], `${routeKey(route)}: payloads took effect`);
      assert.deepEqual(t.serverErrors(mk), [], `${routeKey(route)}: payloads made the server fail`);
    });
  }

  test('stored: every page each user reaches, after the payloads', { timeout: 600e3 }, async () => {
    const found = [];
    for (const role of Object.keys(t.actors)) {
      // A fresh session: a payload test may have ended or rotated the shared one.
      const client = await t.newActor(role);
      const site = await crawl(client, role, t.routes, { max: LONG ? 2000 : 400, perRoute: LONG ? 500 : 60 });
      for (const [u, html] of site.pages) {
        const res = { status: 200, text: html, headers: new Headers({ 'content-type': 'text/html' }) };
        for (const hit of await inChromium(`${t.srv.url}${u}`, res)) found.push(`${role} ${u}: ${explain(hit)}`);
      }
    }
    assert.deepEqual(found, [], 'stored payloads took effect');
  });
});
