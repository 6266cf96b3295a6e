"""`python -m benchmarks [NAME …]`: run the benchmarks (all by default), each in its own process.

Each prints its own figures and ratios against a baseline measured in the same run.
"""

from __future__ import annotations

import subprocess
import sys

# name -> (module, arguments of its default run)
BENCHMARKS: dict[str, tuple[str, list[str]]] = {
    "scoring": ("benchmarks.bench_scoring", []),
    "nlu": ("benchmarks.bench_nlu", []),
    "webhooks": ("benchmarks.bench_webhooks", []),
}


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(
            f"benchmark(s) inconnu(s) : {', '.join(unknown)} (disponibles : {', '.join(BENCHMARKS)})"
        )
        return 2
    failed = 0
    for name in names or list(BENCHMARKS):
        module, args = BENCHMARKS[name]
        print(f"\n=== {name} ({module}) ===", flush=True)
        failed += subprocess.call([sys.executable, "-m", module, *args]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
