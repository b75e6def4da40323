"""Throughput of the public portal's busiest pages over loopback, with wrk, on the full demo province.

Pages: a document page (rotating over 2,000 published records) and the agency catalogue page (the agency
site with its 目录 tree, rotating over 500 agencies; plus one category list). Servers, in the same run:
  1. `gongkai serve` — gunicorn (2×cores+1 sync workers) + WhiteNoise, DEBUG off: what deployments run;
  2. baseline: Django's development server (`runserver --noreload`, threaded), same database.
Prints requests/s, p50/p99 latency, non-2xx responses and the ratio gunicorn / runserver.
Target (issue #5): ≥ 300 requests/s and p99 < 100 ms for each page with gunicorn against SQLite.

Run: make bench-portal   (installs Debian's wrk if missing)
     or .venv/bin/python bench/portal_throughput.py [--duration 15] [--connections 16]
The demo database is built once into var/bench-portal (GONGKAI_DATA_DIR) and reused.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GONGKAI = str(Path(sys.executable).with_name("gongkai"))
LUA = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(base: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(base + "/", timeout=5)  # noqa: S310  (our own server on loopback)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def _paths(env: dict[str, str]) -> dict[str, list[str]]:
    code = (
        "import random\n"
        "from gongkai.publications.models import Publication\n"
        "from gongkai.orgs.models import Agency\n"
        "r = random.Random(7)\n"
        "ids = list(Publication.objects.filter(status='published').values_list('id', flat=True))\n"
        "ag = list(Agency.objects.filter(is_active=True).values_list('id', flat=True))\n"
        "print('DOC', *[f'/publications/{i}/' for i in r.sample(ids, 2000)])\n"
        "print('AGENCY', *[f'/agencies/{i}/' for i in r.sample(ag, 500)])\n"
        "print('CATEGORY', *[f'/agencies/{i}/catalogue/20-15/' for i in r.sample(ag, 500)])\n"
    )
    out = subprocess.run(
        [GONGKAI, "manage", "shell", "-c", code], env=env, capture_output=True, text=True, check=True
    )
    result = {}
    for line in out.stdout.splitlines():
        name, *rest = line.split() or [""]
        if name in ("DOC", "AGENCY", "CATEGORY"):
            result[name] = rest
    return result


def _wrk(base: str, paths: list[str], duration: int, connections: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "paths.txt"
        listing.write_text("\n".join(paths) + "\n")
        script = Path(tmp) / "rotate.lua"
        script.write_text(LUA % listing)
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(script), base],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    text = out.stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", text, re.M)
        if not m:
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return {
        "rps": rps,
        "p50": ms("50"),
        "p99": ms("99"),
        "non2xx": float(bad.group(1)) if bad else 0.0,
        "socket_errors": float(sum(int(x) for x in errors.groups())) if errors else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `make bench-portal` installs it (apt-get install wrk)")
    env = dict(os.environ)
    env.setdefault("GONGKAI_DATA_DIR", str(ROOT / "var" / "bench-portal"))
    env.pop("GONGKAI_DATABASE_URL", None)  # this benchmark is about the embedded SQLite deployment
    env["GONGKAI_DEBUG"] = "0"
    Path(env["GONGKAI_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    subprocess.run([GONGKAI, "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"demo database ready in {time.perf_counter() - t:.0f} s ({env['GONGKAI_DATA_DIR']})")
    paths = _paths(env)
    pages = [("document page", paths["DOC"]), ("agency catalogue page", paths["AGENCY"]),
             ("catalogue category list", paths["CATEGORY"])]  # fmt: skip
    results: dict[str, dict[str, dict[str, float]]] = {}
    for server in ("gunicorn", "runserver"):
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        if server == "gunicorn":
            cmd = [GONGKAI, "serve", "--port", str(port), "--no-worker"]  # web serving alone, like runserver
        else:
            cmd = [GONGKAI, "manage", "runserver", "--noreload", f"127.0.0.1:{port}"]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(base, proc)
            for name, plist in pages:
                _wrk(base, plist[:50], 2, args.connections)  # warm up every worker
                results.setdefault(name, {})[server] = _wrk(base, plist, args.duration, args.connections)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(
        f"cores: {os.cpu_count()}; wrk: 2 threads, {args.connections} connections, {args.duration} s per page"
    )
    print(f"{'page':26} {'server':10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for name, by_server in results.items():
        for server, r in by_server.items():
            failed = r["non2xx"] + r["socket_errors"]
            print(f"{name:26} {server:10} {r['rps']:8.0f} {r['p50']:8.1f} {r['p99']:8.1f} {failed:8.0f}")
        ratio = by_server["gunicorn"]["rps"] / by_server["runserver"]["rps"]
        ok = by_server["gunicorn"]["rps"] >= 300 and by_server["gunicorn"]["p99"] < 100
        verdict = "met" if ok else "NOT met"
        print(f"{'':26} ratio gunicorn/runserver: {ratio:.1f}x   target ≥300 req/s, p99 <100 ms: {verdict}")


if __name__ == "__main__":
    main()
