"""A bounded HTTP load driver: CONNECTIONS keep-alive connections to one
address on 127.0.0.1, each sending GET requests back to back for SECONDS.

    python -m bench.load http://127.0.0.1:PORT/path --seconds 10 \
        --connections 8 --header "Authorization: Bearer ..."

Prints one JSON object: requests answered 2xx, errors (any other status, a
reset or a timeout, with the first few kept), the seconds measured and the
requests per second. Run in a process of its own, so that the server's
workers and the driver share the machine as a client and a server would.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from http import HTTPStatus
from urllib.parse import urlsplit

#: A request slower than this counts as an error.
TIMEOUT = 30.0


class Tally:
    def __init__(self) -> None:
        self.ok = 0
        self.errors: Counter[str] = Counter()


async def _response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Reads one response; its status and whether the server keeps the
    connection open."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for header in lines[1:]:
        name, _, value = header.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    keep = headers.get("connection") != "close"
    return status, keep


async def _connection(
    host: str, port: int, request: bytes, until: float, tally: Tally
) -> None:
    writer: asyncio.StreamWriter | None = None
    reader: asyncio.StreamReader | None = None
    while time.monotonic() < until:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            assert reader is not None
            writer.write(request)
            status, keep = await asyncio.wait_for(_response(reader), TIMEOUT)
        except (OSError, asyncio.IncompleteReadError, TimeoutError) as error:
            tally.errors[type(error).__name__] += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.05)
            continue
        if HTTPStatus.OK <= status < HTTPStatus.MULTIPLE_CHOICES:
            tally.ok += 1
        else:
            tally.errors[f"HTTP {status}"] += 1
        if not keep:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def drive(
    url: str, *, seconds: float, connections: int, headers: list[str]
) -> dict[str, object]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if host not in {"127.0.0.1", "localhost"}:
        raise SystemExit(f"refusing to load {host}: 127.0.0.1 only")
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {target} HTTP/1.1", f"Host: {host}:{port}", *headers]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    tally = Tally()
    started = time.monotonic()
    until = started + seconds
    await asyncio.gather(
        *(_connection(host, port, request, until, tally) for _ in range(connections))
    )
    elapsed = time.monotonic() - started
    return {
        "ok": tally.ok,
        "errors": sum(tally.errors.values()),
        "error_kinds": dict(tally.errors.most_common(5)),
        "seconds": round(elapsed, 3),
        "rps": round(tally.ok / elapsed, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--header", action="append", default=[])
    args = parser.parse_args()
    result = asyncio.run(
        drive(
            args.url,
            seconds=args.seconds,
            connections=args.connections,
            headers=args.header,
        )
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
