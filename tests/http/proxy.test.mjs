// The supported deployment (issue 8, findings 2 and 4): deploy/nginx.conf
// itself, with only its ports, upstream and certificate replaced, in front of
// a server with ADUANA_TRUSTED_PROXIES=127.0.0.1.  Checks that every answer a
// browser can get through it is well-formed and carries the security headers
// — including the ones nginx makes itself for malformed requests, which never
// reach aduana — that
// no header comes twice, that nginx's copies equal aduana's own, and that
// the audit trail gets the client's address, not the proxy's, whatever the
// client writes in X-Forwarded-For.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, test } from 'node:test';

import { IMPORTADOR, ROOT, formField, sleep, startServer } from './lib.mjs';

const SECURITY = ['content-security-policy', 'x-frame-options', 'referrer-policy', 'x-content-type-options',
  'cross-origin-opener-policy', 'permissions-policy', 'strict-transport-security'];

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/* One raw exchange over TLS from localAddress: every byte the proxy sends
 * until it closes (or 3 s), split into responses by their status lines. */
function tlsRaw(port, data, localAddress = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = tls.connect({ port, host: '127.0.0.1', localAddress, servername: 'aduana.example.ec',
      rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
    const chunks = [];
    const done = () => { clearTimeout(timer); s.destroy(); resolve(Buffer.concat(chunks).toString('latin1')); };
    const timer = setTimeout(done, 3000);
    s.on('secureConnect', () => s.write(data));
    s.on('data', (d) => chunks.push(d));
    s.on('end', done);
    s.on('close', done);
    s.on('error', done);
  });
}

/* The head of the first response, as { status, headers: [[name, value]...] },
 * and how many status lines the whole answer has. */
function parse(raw) {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head[0])?.[1]);
  const headers = head.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]);
  return { status, headers, statusLines: (raw.match(/^HTTP\/1\.[01] \d{3}/gm) ?? []).length, raw };
}

function assertHeaders(r, what) {
  for (const h of SECURITY) {
    const n = r.headers.filter(([k]) => k === h).length;
    assert.equal(n, 1, `${what}: ${h} ${n === 0 ? 'missing' : `${n} times`}\n${r.raw.slice(0, 600)}`);
  }
}

describe('behind deploy/nginx.conf', () => {
  let srv, dir, nginx, tlsPort, direct;
  before(async () => {
    srv = await startServer({ env: { ADUANA_TRUSTED_PROXIES: '127.0.0.1' } });
    dir = mkdtempSync(path.join(tmpdir(), 'aduana-nginx-'));
    chmodSync(dir, 0o755);
    const cert = path.join(dir, 'cert.pem'), key = path.join(dir, 'key.pem');
    const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
      '-subj', '/CN=aduana.example.ec', '-keyout', key, '-out', cert], { encoding: 'utf8' });
    assert.equal(ssl.status, 0, `openssl: ${ssl.stderr}`);
    tlsPort = await freePort();
    const httpPort = await freePort();
    let conf = readFileSync(path.join(ROOT, 'deploy', 'nginx.conf'), 'utf8');
    const swap = (from, to) => {
      assert.ok(from.test(conf), `deploy/nginx.conf no longer has ${from}: update this test`);
      conf = conf.replace(from, to);
    };
    swap(/server 127\.0\.0\.1:8080;/, `server 127.0.0.1:${srv.port};`);
    swap(/listen 80;/, `listen 127.0.0.1:${httpPort};`);
    swap(/listen \[::\]:80;\n/, '');
    swap(/listen 443 ssl http2;/, `listen 127.0.0.1:${tlsPort} ssl http2;`);
    swap(/listen \[::\]:443 ssl http2;\n/, '');
    swap(/\/etc\/ssl\/certs\/aduana\.example\.ec\.pem/, cert);
    swap(/\/etc\/ssl\/private\/aduana\.example\.ec\.key/, key);
    const user = process.getuid() === 0 ? 'user nobody nogroup;\n' : '';
    writeFileSync(path.join(dir, 'nginx.conf'), `${user}worker_processes 1;\ndaemon off;\npid ${dir}/nginx.pid;\n` +
      `error_log ${dir}/error.log warn;\nevents { worker_connections 256; }\nhttp {\n    access_log off;\n` +
      `    client_body_temp_path ${dir}/body;\n    proxy_temp_path ${dir}/proxy;\n    fastcgi_temp_path ${dir}/fastcgi;\n` +
      `    uwsgi_temp_path ${dir}/uwsgi;\n    scgi_temp_path ${dir}/scgi;\n${conf}\n}\n`);
    const t = spawnSync('nginx', ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { encoding: 'utf8' });
    assert.equal(t.status, 0, `nginx -t: ${t.stderr}`);
    nginx = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: 'ignore' });
    for (let i = 0; i < 50; i++) {
      if (parse(await tlsRaw(tlsPort, 'GET / HTTP/1.1\r\nHost: aduana.example.ec\r\nConnection: close\r\n\r\n')).status === 200) break;
      await sleep(100);
    }
    direct = await srv.client().get('/');
  });
  after(async () => {
    nginx?.kill('SIGTERM');
    await sleep(200);
    await srv.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a page through the proxy: each security header once, with aduana\'s values', async () => {
    const r = parse(await tlsRaw(tlsPort, 'GET / HTTP/1.1\r\nHost: aduana.example.ec\r\nConnection: close\r\n\r\n'));
    assert.equal(r.status, 200);
    assertHeaders(r, 'GET /');
    for (const h of SECURITY.filter((x) => x !== 'strict-transport-security'))
      assert.equal(r.headers.find(([k]) => k === h)[1], direct.headers.get(h), `${h} differs between nginx.conf and aduana`);
  });

  const malformed = {
    'a Content-Length that is not a number': 'GET / HTTP/1.1\r\nHost: aduana.example.ec\r\nContent-Length: abc\r\n\r\n',
    'two different Content-Length fields': 'POST /login HTTP/1.1\r\nHost: aduana.example.ec\r\nContent-Length: 3\r\nContent-Length: 40\r\n\r\nabc',
    'Content-Length with Transfer-Encoding': 'POST /login HTTP/1.1\r\nHost: aduana.example.ec\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'an HTTP version that does not exist': 'GET / HTTP/2.0\r\nHost: aduana.example.ec\r\n\r\n',
    'headers past the limits': `GET / HTTP/1.1\r\nHost: aduana.example.ec\r\n${Array.from({ length: 400 }, (_, i) => `X-Big-${i}: ${'0'.repeat(100)}\r\n`).join('')}\r\n`,
    'one header line past 16 KB': `GET / HTTP/1.1\r\nHost: aduana.example.ec\r\nCookie: a=${'b'.repeat(20000)}\r\n\r\n`,
  };
  for (const [what, req] of Object.entries(malformed)) {
    test(`${what}: one well-formed refusal, with the security headers`, async () => {
      const r = parse(await tlsRaw(tlsPort, req));
      assert.ok(r.status >= 400 && r.status < 600, `${what}: ${r.raw.slice(0, 200)}`);
      assert.equal(r.statusLines, 1, `${what}: one status line, not ${r.statusLines}`);
      assertHeaders(r, what);
    });
  }

  test('a body past client_max_body_size: nginx\'s own 413 carries the headers too', async () => {
    const big = parse(await tlsRaw(tlsPort, `POST /login HTTP/1.1\r\nHost: aduana.example.ec\r\nContent-Length: ${20 * 1024 * 1024}\r\n\r\n`));
    assert.equal(big.status, 413);
    assertHeaders(big, 'a body past client_max_body_size');
  });

  test('the audit trail gets the client\'s address, and a forged X-Forwarded-For is replaced', async () => {
    const home = parse(await tlsRaw(tlsPort, 'GET / HTTP/1.1\r\nHost: aduana.example.ec\r\nConnection: close\r\n\r\n', '127.0.0.7'));
    const csrf = formField(home.raw, 'csrf');
    const cookie = home.headers.filter(([k]) => k === 'set-cookie').map(([, v]) => v.split(';')[0]).join('; ');
    const body = new URLSearchParams({ ruc: IMPORTADOR.ruc, usuario: 'fantasma', clave: 'Mala.Clave.1', csrf }).toString();
    const r = parse(await tlsRaw(tlsPort, `POST /login HTTP/1.1\r\nHost: aduana.example.ec\r\nConnection: close\r\n` +
      `Cookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Forwarded-For: 203.0.113.66\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, '127.0.0.7'));
    assert.equal(r.status, 401, r.raw.slice(0, 300));
    assertHeaders(r, 'POST /login');
    assert.deepEqual(srv.sql("select addr from audit where usuario = 'fantasma' order by id desc limit 1"), [['127.0.0.7']]);
  });
});
