"""Webhook receiver benchmark: signed Meta events posted at increasing rates over loopback.

    python -m benchmarks.bench_webhooks [--db sqlite|postgres|both] [--duration S]
        [--rates 50,100,200,400] [--postgres-url URL] [--concurrency 32]

For each database it starts, in the same run, two uvicorn servers on 127.0.0.1: the real
app (`app.main:create_app`, verify + commit to the inbox + 200, processing in its worker
process) and a bare FastAPI app whose endpoint only returns 200. Each gets:
1. open-loop steps at fixed rates (requests are sent on schedule whatever the answers):
   achieved throughput, p50 and p99 latency;
2. a closed-loop saturation run (`--concurrency` senders back to back): the maximum
   throughput, whose ratio vigie / bare is the headline figure. The bare server runs it
   again after the real app, and its mean is the baseline: a machine whose load drifts
   during the run favours neither side.
Targets (issue 5): ratio >= 0.5, and p99 < 50 ms at 200 req/s.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.responses import JSONResponse

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-app-secret"

bare_app = FastAPI()


@bare_app.post("/webhooks/meta")
async def bare_endpoint() -> JSONResponse:
    """The baseline: a FastAPI endpoint that only returns 200."""
    return JSONResponse({"ok": True})


@bare_app.get("/healthz")
async def bare_health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


_ids = itertools.count()


def signed_event() -> tuple[bytes, dict[str, str]]:
    """A new Messenger message (unique mid) signed like Meta signs it."""
    n = next(_ids)
    payload = {"object": "page", "entry": [{"id": "100000000000042", "time": 1772447400000, "messaging": [{
        "sender": {"id": f"7{n:015d}"}, "recipient": {"id": "100000000000042"},
        "timestamp": 1772447400000 + n,
        "message": {"mid": f"m_bench_{os.getpid()}_{n}", "text": f"Bonjour, question n° {n} ?"}}]}]}  # fmt: skip
    body = json.dumps(payload, separators=(",", ":")).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return body, {"X-Hub-Signature-256": signature, "content-type": "application/json"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(
    target: str, env: dict[str, str], factory: bool = False
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "warning", "--no-access-log"]  # fmt: skip
    if factory:
        command.append("--factory")
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{target} did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@dataclass
class Result:
    sent: int
    ok: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def quantile(self, q: float) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(q * 100) - 1]


class RawClient:
    """A minimal keep-alive HTTP/1.1 client on asyncio streams.

    httpx costs more CPU per request than the servers under test on a 2-core machine; a
    generator that saturates first would measure itself.
    """

    def __init__(self, base: str, size: int) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port, self.size = host, int(port), size
        self.idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )
        self.opened = 0
        self.opening = asyncio.Lock()

    async def _acquire(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self.idle.empty() and self.opened < self.size:
            self.opened += 1
            return await asyncio.open_connection(self.host, self.port)
        return await self.idle.get()

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        reader, writer = await self._acquire()
        head = [
            f"POST {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"Content-Length: {len(body)}",
        ]
        head += [f"{k}: {v}" for k, v in headers.items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        try:
            status = int((await reader.readline()).split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
            writer.close()
            self.opened -= 1
            return 0
        self.idle.put_nowait((reader, writer))
        return status

    async def close(self) -> None:
        while not self.idle.empty():
            _, writer = self.idle.get_nowait()
            writer.close()


async def _post(
    client: RawClient, result: Result, request: tuple[bytes, dict[str, str]], since: float
) -> None:
    try:
        ok = await client.post("/webhooks/meta", *request) == 200
    except OSError:
        ok = False
    result.latencies.append((time.perf_counter() - since) * 1000)
    result.ok += ok
    result.errors += not ok


async def open_loop(base: str, rate: float, duration: float) -> Result:
    """Send at `rate` req/s on schedule; latency counts from the scheduled send time, so a
    server that falls behind pays for its queue (no coordinated omission)."""
    result = Result(0, 0, 0, 0.0, [])
    requests = [signed_event() for _ in range(int(rate * duration))]
    client = RawClient(base, 256)
    tasks = []
    started = time.perf_counter()
    for i, request in enumerate(requests):
        due = started + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_post(client, result, request, due)))
        result.sent += 1
    await asyncio.gather(*tasks)
    result.seconds = max(time.perf_counter() - started, duration)
    await client.close()
    return result


async def closed_loop(base: str, concurrency: int, duration: float) -> Result:
    """`concurrency` senders posting back to back: the server's maximum throughput."""
    result = Result(0, 0, 0, 0.0, [])
    client = RawClient(base, concurrency)
    end = time.perf_counter() + duration

    async def sender() -> None:
        while time.perf_counter() < end:
            result.sent += 1
            request = signed_event()
            await _post(client, result, request, time.perf_counter())

    started = time.perf_counter()
    await asyncio.gather(*(sender() for _ in range(concurrency)))
    result.seconds = time.perf_counter() - started
    await client.close()
    return result


def _run(coroutine: Any) -> Any:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def prepare_database(kind: str, postgres_url: str | None, folder: Path) -> str:
    from sqlalchemy import text

    from core.db import make_engine
    from core.migrate import upgrade

    if kind == "sqlite":
        url = f"sqlite:///{folder / 'bench.db'}"
        upgrade(url)
        return url
    if not postgres_url:
        raise SystemExit("PostgreSQL: set VIGIE_TEST_POSTGRES_URL or pass --postgres-url")
    engine = make_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    upgrade(postgres_url)
    return postgres_url


def measure(
    label: str, base: str, rates: list[int], duration: float, concurrency: int
) -> dict[str, Result]:
    results: dict[str, Result] = {}
    _run(open_loop(base, 20, 1.0))  # warm-up: connections, imports, caches
    for rate in rates:
        results[str(rate)] = _run(open_loop(base, rate, duration))
    results["max"] = _run(closed_loop(base, concurrency, duration))
    return results


def run(kind: str, args: argparse.Namespace, rates: list[int]) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="vigie-bench-") as tmp:
        url = prepare_database(kind, args.postgres_url, Path(tmp))
        env = {"VIGIE_DATABASE_URL": url, "VIGIE_META_APP_SECRET": SECRET}
        bare, bare_base = start("benchmarks.bench_webhooks:bare_app", {})
        try:
            baseline = measure("bare", bare_base, rates, args.duration, args.concurrency)
        finally:
            stop(bare)
        vigie, vigie_base = start("app.main:create_app", env, factory=True)
        try:
            measured = measure("vigie", vigie_base, rates, args.duration, args.concurrency)
        finally:
            stop(vigie)
        bare, bare_base = start("benchmarks.bench_webhooks:bare_app", {})
        try:
            _run(open_loop(bare_base, 20, 1.0))
            again = _run(closed_loop(bare_base, args.concurrency, args.duration))
        finally:
            stop(bare)
        stored = _stored(url)
    before = baseline["max"]
    baseline["max"] = Result(
        before.sent + again.sent, before.ok + again.ok, before.errors + again.errors,
        before.seconds + again.seconds, before.latencies + again.latencies,
    )  # fmt: skip
    print(f"\n## {kind} ({args.duration:g} s per step; {stored} events stored by the run)")
    print(f"{'offered':>8} | {'bare req/s':>10} {'p50 ms':>7} {'p99 ms':>7} | "
          f"{'vigie req/s':>11} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} | {'ratio':>5}")  # fmt: skip
    for step in [*map(str, rates), "max"]:
        b, v = baseline[step], measured[step]
        ratio = v.throughput / b.throughput if b.throughput else float("nan")
        print(f"{step:>8} | {b.throughput:10.1f} {b.quantile(0.5):7.1f} {b.quantile(0.99):7.1f} | "
              f"{v.throughput:11.1f} {v.quantile(0.5):7.1f} {v.quantile(0.99):7.1f} {v.errors:6d} | {ratio:5.2f}")  # fmt: skip
    print(f"bare saturation before / after the real app: {before.throughput:.0f} / "
          f"{again.throughput:.0f} req/s (the baseline is their mean)")  # fmt: skip
    at_200 = measured.get("200")
    ratio = measured["max"].throughput / baseline["max"].throughput
    verdict = {
        "db": kind,
        "max_ratio": round(ratio, 3),
        "p99_at_200_ms": round(at_200.quantile(0.99), 1) if at_200 else None,
        "ratio_target_met": ratio >= 0.5,
        "p99_target_met": bool(at_200 and at_200.quantile(0.99) < 50 and not at_200.errors),
    }
    print(json.dumps(verdict))
    return verdict


def _stored(url: str) -> int:
    from sqlalchemy import func, select

    from core.db import make_engine
    from core.models import InboxEvent

    engine = make_engine(url)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(InboxEvent)).scalar_one()
    engine.dispose()
    return count


def _postgres_default() -> str | None:
    url = os.environ.get("VIGIE_TEST_POSTGRES_URL")
    # scripts/services.sh creates vigie_bench beside vigie_test: keep the test database intact.
    return url.rsplit("/", 1)[0] + "/vigie_bench" if url and url.endswith("/vigie_test") else url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per step")
    parser.add_argument("--rates", default="50,100,200,400")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--postgres-url", default=_postgres_default())
    args = parser.parse_args(argv)
    rates = [int(r) for r in args.rates.split(",") if r]
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    verdicts = [run(kind, args, rates) for kind in kinds]
    return 0 if all(v["ratio_target_met"] and v["p99_target_met"] for v in verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
