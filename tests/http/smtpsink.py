#!/usr/bin/python3
"""smtpsink.py -- a real SMTP server on loopback for the HTTP tests (aiosmtpd).

    /usr/bin/python3 tests/http/smtpsink.py DIR [--auth USER:PASSWORD]
        [--tempfail K] [--permfail] [--tls CERT KEY] [--starttls CERT KEY]

Listens on 127.0.0.1 on a free port and prints "PORT <n>" on standard output
when ready.  Each message accepted is stored as DIR/<n>.eml (written to a
.tmp file, then renamed), exactly as received after DATA, with the envelope
in the first lines as "X-Sink-Mail-From:" and "X-Sink-Rcpt-To:" headers, and
"X-Sink-TLS: 1" when the session was encrypted (else 0).

  --auth USER:PASSWORD   AUTH PLAIN/LOGIN is required (without TLS too)
  --tempfail K           the first K deliveries are answered 451 (temporary)
  --permfail             every delivery is answered 550 (permanent)
  --tls CERT KEY         implicit TLS (smtps://) with that certificate
  --starttls CERT KEY    offer STARTTLS (smtp://) with that certificate

Ends on SIGTERM or SIGINT.  Debian 12: python3-aiosmtpd.
"""
import argparse
import asyncio
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, directory, tempfail, permfail):
        self.dir = directory
        self.tempfail = tempfail
        self.permfail = permfail
        self.deliveries = 0
        self.stored = 0

    async def handle_DATA(self, server, session, envelope):
        self.deliveries += 1
        if self.permfail:
            return '550 5.7.1 Mensaje rechazado por la prueba'
        if self.deliveries <= self.tempfail:
            return '451 4.3.0 Intente de nuevo mas tarde'
        self.stored += 1
        tls = 1 if (session.ssl is not None or server.transport.get_extra_info('sslcontext')) else 0
        head = ('X-Sink-Mail-From: %s\r\nX-Sink-Rcpt-To: %s\r\nX-Sink-TLS: %d\r\n'
                % (envelope.mail_from, ','.join(envelope.rcpt_tos), tls)).encode()
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode('utf-8')
        name = os.path.join(self.dir, '%06d.eml' % self.stored)
        with open(name + '.tmp', 'wb') as f:
            f.write(head + data)
        os.rename(name + '.tmp', name)
        return '250 2.0.0 OK'


def authenticator_for(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user.encode() and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False)
    return check


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dir')
    ap.add_argument('--auth')
    ap.add_argument('--tempfail', type=int, default=0)
    ap.add_argument('--permfail', action='store_true')
    ap.add_argument('--tls', nargs=2, metavar=('CERT', 'KEY'))
    ap.add_argument('--starttls', nargs=2, metavar=('CERT', 'KEY'))
    a = ap.parse_args()

    sink = Sink(a.dir, a.tempfail, a.permfail)
    kw = {}
    if a.auth:
        user, _, password = a.auth.partition(':')
        kw = dict(authenticator=authenticator_for(user, password), auth_required=True,
                  auth_require_tls=False)
    ctx = None
    if a.tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
    if a.starttls:
        sctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        sctx.load_cert_chain(a.starttls[0], a.starttls[1])
        kw['tls_context'] = sctx
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(sink, hostname='sink.localhost', enable_SMTPUTF8=True, **kw),
        host='127.0.0.1', port=0, ssl=ctx)
    port = server.sockets[0].getsockname()[1]
    print('PORT %d' % port, flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()


if __name__ == '__main__':
    asyncio.run(main())
    sys.exit(0)
