"""TLS in front of the moto server, for clients that require a clean TLS close.

moto's development server (werkzeug) ends TLS connections without a close_notify, and pgBackRest's TLS
client (OpenSSL 3) fails on that ("unexpected eof while reading"). This front speaks TLS to the client,
plain HTTP to moto, and closes each TLS connection properly. It changes nothing else in the traffic.

usage: python3 tls_front.py CERT KEY MOTO_PORT   (prints "listening on PORT" once ready)
"""
import asyncio
import ssl
import sys


async def pipe(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, ssl.SSLError):
        pass
    finally:
        try:
            writer.close()
            await writer.wait_closed()
        except (ConnectionError, ssl.SSLError):
            pass


async def main(cert, key, moto_port):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    async def handle(client_reader, client_writer):
        try:
            moto_reader, moto_writer = await asyncio.open_connection("127.0.0.1", moto_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, moto_writer), pipe(moto_reader, client_writer))

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    print("listening on %d" % server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
