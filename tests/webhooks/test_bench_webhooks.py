"""The webhook benchmark runs end to end (short steps) and prints its ratio and verdict."""

from __future__ import annotations

import json

import pytest

from benchmarks import bench_webhooks


@pytest.mark.slow
def test_benchmark_prints_ratio_and_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    bench_webhooks.main(
        ["--db", "sqlite", "--duration", "1", "--rates", "50", "--concurrency", "8"]
    )
    out = capsys.readouterr().out
    verdict = json.loads(out.strip().splitlines()[-1])
    assert "| ratio" in out and "max" in out
    assert verdict["db"] == "sqlite" and 0 < verdict["max_ratio"] <= 1.5
    assert verdict["p99_at_200_ms"] is None  # no 200 req/s step in this short run


def test_signed_events_are_unique_and_verifiable() -> None:
    import hashlib
    import hmac

    (body_a, headers_a), (body_b, _) = bench_webhooks.signed_event(), bench_webhooks.signed_event()
    assert body_a != body_b
    expected = (
        "sha256=" + hmac.new(bench_webhooks.SECRET.encode(), body_a, hashlib.sha256).hexdigest()
    )
    assert headers_a["X-Hub-Signature-256"] == expected
