"""Throughput of the public portal on the full demo province, three deployments measured in one run, with wrk.

Pages: the home page; a document page rotating over 2,000 published records; an agency site with its 目录
rotating over 500 agencies; and a search results page over 200 queries taken from titles: each query once
(rendered by Django: latency p50/p95), then the same queries again with 2 connections (saved pages). Before
them the server answers 60 other queries, reported apart: a worker's first searches after serving only
pages are slower, and a running portal answers searches all day.
Deployments:
  ceiling     Debian's nginx serving saved copies of the same pages (plain files, nothing else): the baseline;
  production  the production recipe: nginx with `gongkai nginx-config` in front of `gongkai serve`;
  serve       `gongkai serve` alone (gunicorn; anonymous pages answered by the page cache's WSGI fast path).
Failures are non-2xx responses plus socket errors. Targets (issue #12): production ≥ 25% of the ceiling
for the anonymous pages; serve ≥ 2,000 requests/s for home and document pages; search p95 ≤ 15 ms.

Run: make bench-portal   (installs Debian's wrk and nginx-light if missing)
     or .venv/bin/python bench/portal_throughput.py [--duration 10] [--connections 16]
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
import urllib.parse
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
done = function(summary, latency, requests)
  io.write(string.format("P95 %%d\\n", latency:percentile(95)))
end
"""
NGINX_MAIN = """{user} worker_processes {workers}; pid {prefix}/nginx.pid; error_log {prefix}/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path {prefix}/t1; proxy_temp_path {prefix}/t2; fastcgi_temp_path {prefix}/t3;
  uwsgi_temp_path {prefix}/t4; scgi_temp_path {prefix}/t5;
  {body} }}
"""
CEILING = """server {{ listen 127.0.0.1:{port}; root {root}; default_type text/html;
  location / {{ try_files $uri/index.html =404; }} }}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(base: str, proc: subprocess.Popen[bytes] | None = None) -> None:
    for _ in range(300):
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(base + "/healthz", timeout=5)  # noqa: S310  (our own server on loopback)
            return
        except urllib.error.HTTPError:
            return  # answering (the ceiling's nginx has no /healthz)
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
        "titles = list(Publication.objects.filter(status='published')"
        ".values_list('title', flat=True)[:5000])\n"
        "print('DOC', *[f'/publications/{i}/' for i in r.sample(ids, 2000)])\n"
        "print('AGENCY', *[f'/agencies/{i}/' for i in r.sample(ag, 500)])\n"
        "print('QUERY', *[t[2:8].replace(' ', '') for t in r.sample(titles, 200)])\n"
        "print('OTHER', *[t[-8:-2].replace(' ', '') for t in r.sample(titles, 60)])\n"
    )
    out = subprocess.run(
        [GONGKAI, "manage", "shell", "-c", code], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, list[str]] = {}
    for line in out.stdout.splitlines():
        name, *rest = line.split() or [""]
        if name in ("DOC", "AGENCY", "QUERY", "OTHER"):
            result[name] = rest
    result["HOME"] = ["/"]
    result["SEARCH"] = ["/search/?" + urllib.parse.urlencode({"q": q}) for q in result.pop("QUERY")]
    result["OTHER"] = ["/search/?" + urllib.parse.urlencode({"q": q}) for q in result.pop("OTHER")]
    return result


def _wrk(base: str, paths: list[str], duration: int, connections: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "paths.txt"
        listing.write_text("\n".join(paths) + "\n")
        script = Path(tmp) / "rotate.lua"
        script.write_text(LUA % listing)
        threads = min(2, connections)
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(script),
             base],
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
    p95 = re.search(r"^P95 (\d+)", text, re.M)
    return {
        "rps": rps,
        "p50": ms("50"),
        "p95": int(p95.group(1)) / 1000 if p95 else float("nan"),
        "p99": ms("99"),
        "failed": (float(bad.group(1)) if bad else 0.0)
        + (float(sum(int(x) for x in errors.groups())) if errors else 0.0),
    }


def _nginx(prefix: Path, body: str) -> subprocess.Popen[bytes]:
    for sub in ("t1", "t2", "t3", "t4", "t5"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""
    conf = NGINX_MAIN.format(user=user, workers=os.cpu_count() or 1, prefix=prefix, body=body)
    (prefix / "nginx.conf").write_text(conf)
    return subprocess.Popen(
        ["nginx", "-g", "daemon off;", "-c", str(prefix / "nginx.conf"), "-p", str(prefix)]
    )


def _warm(base: str, paths: list[str]) -> None:
    for p in paths:
        try:
            urllib.request.urlopen(base + p, timeout=30).read()  # noqa: S310
        except OSError as e:
            raise SystemExit(f"{base}{p}: {e}") from e


def _first_time(base: str, paths: list[str]) -> tuple[float, float]:
    """p50 and p95 in ms of queries sent one at a time, each for the first time (nothing saved yet)."""
    took = []
    for p in paths:
        t = time.perf_counter()
        urllib.request.urlopen(base + p, timeout=30).read()  # noqa: S310  (our own server on loopback)
        took.append((time.perf_counter() - t) * 1000)
    took.sort()
    return took[len(took) // 2], took[int(len(took) * 0.95)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is not installed: `make bench-portal` installs it")
    env = dict(os.environ)
    env.setdefault("GONGKAI_DATA_DIR", str(ROOT / "var" / "bench-portal"))
    env.pop("GONGKAI_DATABASE_URL", None)  # this benchmark is about the embedded SQLite deployment
    env.update(GONGKAI_DEBUG="0", GONGKAI_RATE_SEARCH="100000000/h", GONGKAI_RATE_SUGGEST="100000000/h")
    data = Path(env["GONGKAI_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    subprocess.run([GONGKAI, "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"demo database ready in {time.perf_counter() - t:.0f} s ({data})")
    paths = _paths(env)
    pages = [("home", paths["HOME"]), ("document", paths["DOC"]), ("agency site", paths["AGENCY"])]

    app_port = _free_port()
    serve = subprocess.Popen(
        [GONGKAI, "serve", "--port", str(app_port), "--no-worker"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    app = f"http://127.0.0.1:{app_port}"
    results: dict[str, dict[str, dict[str, float]]] = {}
    procs: list[subprocess.Popen[bytes]] = []
    try:
        _wait(app, serve)
        for _name, plist in pages:
            _warm(app, plist)  # renders and saves every page once
        tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
        copy = tmp / "saved"
        shutil.copytree(data / "pages" / "current" / "p", copy)
        ceiling_port, prod_port = _free_port(), _free_port()
        procs.append(_nginx(tmp / "ceiling", CEILING.format(port=ceiling_port, root=copy)))
        conf = subprocess.run(
            [GONGKAI, "nginx-config", "--access-log", "off", "--listen", f"127.0.0.1:{prod_port}",
             "--upstream", f"127.0.0.1:{app_port}"],
            env=env, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        procs.append(_nginx(tmp / "production", conf))
        deployments = {"ceiling": f"http://127.0.0.1:{ceiling_port}", "production": f"http://127.0.0.1:{prod_port}",
                       "serve": app}  # fmt: skip
        for base in deployments.values():
            _wait(base)
        for name, plist in pages:
            for deployment, base in deployments.items():
                _wrk(base, plist[:50], 1, args.connections)
                results.setdefault(name, {})[deployment] = _wrk(base, plist, args.duration, args.connections)
        # A server that has been answering pages, not searches, first meets 60 other queries (each worker's
        # first searches are slower: reported apart), then each measured query once: rendered, then saved.
        cold = _first_time(app, paths["OTHER"])
        first = _first_time(app, paths["SEARCH"])
        search = _wrk(app, paths["SEARCH"], args.duration, 2)  # the same queries again: from the cache
        search["first_p50"], search["first_p95"] = first
        search["cold_p50"], search["cold_p95"] = cold
    finally:
        for p in procs:
            p.terminate()
        serve.terminate()
        serve.wait(timeout=30)
    _report(results, search, args)


def _report(
    results: dict[str, dict[str, dict[str, float]]], search: dict[str, float], args: argparse.Namespace
) -> None:
    print(f"cores: {os.cpu_count()}; wrk: {args.connections} connections, {args.duration} s each")
    print(
        f"{'page':14} {'deployment':11} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7} {'ceiling':>8}"
    )
    verdicts = []
    for name, by in results.items():
        for deployment, r in by.items():
            share = r["rps"] / by["ceiling"]["rps"]
            line = f"{name:14} {deployment:11} {r['rps']:9.0f} {r['p50']:8.2f} {r['p99']:8.2f}"
            print(f"{line} {r['failed']:7.0f} {share:8.1%}")
        ok = by["production"]["rps"] >= 0.25 * by["ceiling"]["rps"]
        verdicts.append((f"{name}: production ≥ 25% of ceiling", ok))
        if name in ("home", "document"):
            verdicts.append((f"{name}: serve ≥ 2,000 req/s", by["serve"]["rps"] >= 2000))
    print(f"{'search results':14} {'serve':11} {search['rps']:9.0f} {search['p50']:8.2f} "
          f"{search['p99']:8.2f} "
          f"{search['failed']:7.0f}  p95 {search['p95']:.2f} ms, 2 connections")  # fmt: skip
    print(f"{'':14} first time each (rendered by Django, one at a time): p50 {search['first_p50']:.2f} ms, "
          f"p95 {search['first_p95']:.2f} ms")  # fmt: skip
    print(f"{'':14} the server's first 60 searches (other queries, not in the target): "
          f"p50 {search['cold_p50']:.2f} ms, p95 {search['cold_p95']:.2f} ms")  # fmt: skip
    verdicts.append(("search: p95 ≤ 15 ms (repeated queries, from the cache)", search["p95"] <= 15))
    verdicts.append(("search: p95 ≤ 15 ms (first time each query)", search["first_p95"] <= 15))
    failures = sum(r["failed"] for by in results.values() for r in by.values()) + search["failed"]
    verdicts.append(("no failed requests", failures == 0))
    for label, ok in verdicts:
        print(f"  {'met    ' if ok else 'NOT met'}  {label}")


if __name__ == "__main__":
    main()
