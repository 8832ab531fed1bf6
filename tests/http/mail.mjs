// mail.mjs — a real SMTP server for the HTTP tests, and a reader of the
// messages it receives (no mocked mailer: tests/http/smtpsink.py runs
// Debian's python3-aiosmtpd on 127.0.0.1).
//
//   import { startMailSink } from './mail.mjs';
//   import { startServer } from './lib.mjs';
//
//   const sink = await startMailSink();            // opts below
//   const srv = await startServer({ env: { ...sink.env } });
//   // ... something that queues mail for ana@example.test ...
//   const m = await sink.waitFor((m) => m.to === 'ana@example.test');
//   const code = /\b(\d{6})\b/.exec(m.text)[1];  // m.subject, m.text, m.html are decoded
//   await srv.stop();
//   await sink.stop();
//
// sink.env is { ADUANA_SMTP_URL: sink.url, ADUANA_MAIL_POLL_MS: '50', and, as
// the options ask, ADUANA_SMTP_USER, ADUANA_SMTP_PASSWORD, ADUANA_SMTP_CA };
// spread it into startServer's env (add ADUANA_MAIL_RETRY_SECONDS: '1' when
// a test waits for retries).
//
// startMailSink(opts) options:
//   auth: { user, password }  AUTH required (PLAIN/LOGIN)
//   tempfail: K               the first K deliveries get 451 (temporary failure)
//   permfail: true            every delivery gets 550 (permanent failure)
//   tls: true                 implicit TLS (smtps://) with a certificate for
//                             127.0.0.1 made now by openssl; sink.ca is its file
//   starttls: true            smtp:// offering STARTTLS with such a certificate
// Resolves to { port, url, dir, env, ca, messages(), waitFor(pred, timeoutMs),
// stop() }.  messages() returns every message received so far, oldest first,
// parsed: { to, from, subject (RFC 2047 decoded), text (the text/plain part,
// decoded), html (the text/html part, decoded), headers (lowercase name ->
// unfolded raw value), envelopeFrom, envelopeTo, tls (the session was
// encrypted), raw (the bytes as received,
// a latin1 string), file }.  waitFor resolves with the first message for
// which pred is true (polling; default 10 s, then it rejects).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/* Debian's python3, which has python3-aiosmtpd (a pyenv or venv python may not). */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** A self-signed certificate (its own CA) for 127.0.0.1 and localhost, in dir. */
export function makeCert(dir) {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-addext', 'basicConstraints=critical,CA:TRUE'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `openssl req failed: ${r.stderr}`);
  return { cert, key };
}

export async function startMailSink({ auth = null, tempfail = 0, permfail = false, tls = false, starttls = false } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'aduana-smtp-'));
  const inbox = path.join(dir, 'inbox');
  spawnSync('mkdir', ['-p', inbox]);
  const args = [path.join(HERE, 'smtpsink.py'), inbox];
  if (auth) args.push('--auth', `${auth.user}:${auth.password}`);
  if (tempfail) args.push('--tempfail', String(tempfail));
  if (permfail) args.push('--permfail');
  let ca = null;
  if (tls || starttls) {
    const c = makeCert(dir);
    ca = c.cert;
    args.push(tls ? '--tls' : '--starttls', c.cert, c.key);
  }
  const proc = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let exit = null;
  const reap = () => { if (exit === null) proc.kill('SIGKILL'); };
  process.on('exit', reap);
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => { exit = { code, signal }; resolve(exit); }));
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => { err += d; });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`smtpsink did not start: ${err}`)); }, 10000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    exited.then((e) => { clearTimeout(timer); reject(new Error(`smtpsink exited (${JSON.stringify(e)}): ${err}`)); });
  });
  const url = `${tls ? 'smtps' : 'smtp'}://127.0.0.1:${port}`;
  const env = { ADUANA_SMTP_URL: url, ADUANA_MAIL_POLL_MS: '50' };
  if (auth) Object.assign(env, { ADUANA_SMTP_USER: auth.user, ADUANA_SMTP_PASSWORD: auth.password });
  if (ca) env.ADUANA_SMTP_CA = ca;

  const messages = () => readdirSync(inbox).filter((f) => f.endsWith('.eml')).sort()
    .map((f) => ({ ...parseMessage(readFileSync(path.join(inbox, f))), file: path.join(inbox, f) }));

  return {
    port,
    url,
    dir: inbox,
    env,
    ca,
    get stderr() { return err; },
    messages,
    async waitFor(pred = () => true, timeoutMs = 10000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const m = messages().find(pred);
        if (m) return m;
        if (Date.now() > end) throw new Error(`no matching message within ${timeoutMs} ms (received ${messages().length})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (exit === null) { proc.kill('SIGTERM'); await exited; }
      process.off('exit', reap);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/* ---- parsing (enough for what aduana sends: RFC 5322 + MIME) ------------- */

/** Decodes RFC 2047 encoded words (B and Q, UTF-8 or latin1) in a header value. */
export function decodeHeader(v) {
  return v.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (all, cs, enc, data) => {
    const charset = /utf-?8/i.test(cs) ? 'utf8' : 'latin1';
    if (enc.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString(charset);
    const bytes = data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString(charset);
  });
}

/** Quoted-printable (RFC 2045) to bytes. */
export function decodeQP(s) {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(soft.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function splitHead(raw) {
  let i = raw.indexOf('\r\n\r\n');
  let sep = 4;
  if (i < 0 || (raw.indexOf('\n\n') >= 0 && raw.indexOf('\n\n') < i)) { i = raw.indexOf('\n\n'); sep = 2; }
  if (i < 0) return { head: raw, body: '' };
  return { head: raw.slice(0, i), body: raw.slice(i + sep) };
}

function parseHeaders(head) {
  const h = {};
  for (const line of head.replace(/\r?\n[ \t]/g, ' ').split(/\r?\n/)) {
    const k = line.indexOf(':');
    if (k > 0) h[line.slice(0, k).trim().toLowerCase()] = line.slice(k + 1).trim();
  }
  return h;
}

function decodeBody(headers, body) {
  const cte = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const charset = /charset="?utf-?8/i.test(headers['content-type'] ?? 'utf-8') ? 'utf8' : 'latin1';
  let bytes;
  if (cte === 'quoted-printable') bytes = decodeQP(body);
  else if (cte === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else bytes = Buffer.from(body, 'latin1');
  return bytes.toString(charset);
}

/** Parses a message (Buffer or latin1 string) into { to, from, subject, text, html, headers, ... }. */
export function parseMessage(buf) {
  const raw = Buffer.isBuffer(buf) ? buf.toString('latin1') : buf;
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  const out = {
    raw,
    headers,
    envelopeFrom: headers['x-sink-mail-from'] ?? null,
    envelopeTo: headers['x-sink-rcpt-to'] ?? null,
    tls: headers['x-sink-tls'] === '1',
    from: decodeHeader(Buffer.from(headers.from ?? '', 'latin1').toString('utf8')),
    to: decodeHeader(headers.to ?? ''),
    subject: decodeHeader(Buffer.from(headers.subject ?? '', 'latin1').toString('utf8')),
    text: null,
    html: null,
    parts: [],
  };
  const ct = headers['content-type'] ?? 'text/plain';
  const b = /boundary="?([^";]+)"?/i.exec(ct);
  const parts = [];
  if (/^multipart\//i.test(ct) && b) {
    const delim = `--${b[1]}`;
    const chunks = body.split(delim);
    for (const c of chunks.slice(1)) {
      if (c.startsWith('--')) break;
      const { head: ph, body: pb } = splitHead(c.replace(/^\r?\n/, ''));
      parts.push({ headers: parseHeaders(ph), body: pb.replace(/\r?\n$/, '') });
    }
  } else {
    parts.push({ headers, body });
  }
  for (const p of parts) {
    const type = (p.headers['content-type'] ?? 'text/plain').split(';')[0].trim().toLowerCase();
    const decoded = decodeBody(p.headers, p.body);
    out.parts.push({ type, headers: p.headers, body: decoded });
    if (type === 'text/plain' && out.text === null) out.text = decoded.replace(/\r\n/g, '\n');
    if (type === 'text/html' && out.html === null) out.html = decoded.replace(/\r\n/g, '\n');
  }
  return out;
}
