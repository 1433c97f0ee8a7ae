"""The load generator: N concurrent keep-alive HTTP/1.1 clients posting the same
body for a fixed time, in its own process (so it does not share the server's
event loop). A minimal client keeps the generator's own CPU cost low on a
2-core machine. Prints one JSON line: requests, errors, seconds, latencies.

    python bench/load.py --url http://127.0.0.1:8101/graphql --body '{...}' \
        --header 'authorization: Bearer ...' --clients 50 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from urllib.parse import urlsplit


async def client(
    host: str, port: int, request: bytes, until: float, latencies: list[float], errors: list[str]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < until:
            t0 = time.perf_counter()
            writer.write(request)
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            body = await reader.readexactly(length)
            latencies.append((time.perf_counter() - t0) * 1000)
            if not status.startswith(b"HTTP/1.1 200") or b'"errors"' in body:
                errors.append(status.decode().strip() + " " + body[:300].decode(errors="replace"))
    finally:
        writer.close()


async def run(url: str, body: str, headers: list[str], clients: int, seconds: float) -> dict:
    parts = urlsplit(url)
    payload = body.encode()
    head = [
        f"POST {parts.path} HTTP/1.1",
        f"host: {parts.hostname}:{parts.port}",
        "content-type: application/json",
        f"content-length: {len(payload)}",
        *headers,
    ]
    request = ("\r\n".join(head) + "\r\n\r\n").encode() + payload
    # Warm-up: every connection once, unmeasured.
    await asyncio.gather(
        *(client(parts.hostname, parts.port, request, 0, [], []) for _ in range(clients))
    )
    warm: list[float] = []
    warm_errors: list[str] = []
    await asyncio.gather(
        *(
            client(parts.hostname, parts.port, request, time.perf_counter() + 1, warm, warm_errors)
            for _ in range(clients)
        )
    )
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    await asyncio.gather(
        *(
            client(parts.hostname, parts.port, request, started + seconds, latencies, errors)
            for _ in range(clients)
        )
    )
    return {
        "requests": len(latencies),
        "seconds": time.perf_counter() - started,
        "errors": len(errors) + len(warm_errors),
        "first_error": (errors or warm_errors or [None])[0],
        "latencies_ms": latencies,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--body", required=True)
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    a = parser.parse_args()
    print(json.dumps(asyncio.run(run(a.url, a.body, a.header, a.clients, a.seconds))))
