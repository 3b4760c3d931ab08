"""Pages under load: gunicorn (4 workers) on PostgreSQL, the 1,000-org / 30,000-member county.

    .venv/bin/python bench/load_bench.py                      # both runs, 60 s each
    .venv/bin/python bench/load_bench.py --runs throughput --duration 30
    .venv/bin/python bench/load_bench.py --runs think --users 50 --out bench/out/load.json
    .venv/bin/python bench/load_bench.py --users 2 --runs pages     # CPU per page, one at a time

1. Builds the county in a PostgreSQL database of its own (`--db`, default
   dangjian_loadbench on 127.0.0.1:5432; created, migrated and filled with `manage.py
   demo_county --orgs 1000 --members 30000` the first time, reused afterwards).
2. Starts `gunicorn dangjian.wsgi -w 4` on 127.0.0.1 and a free port (DEBUG off, production
   settings), waits for /healthz.
3. Logs in `--users` virtual users, spread over the demo accounts county, township1,
   township2, village1 and member1, each with its own session.
4. Drives the main pages in two runs, each bounded in time (`--duration`, at most 120 s) and
   in count (`--max-requests`): "throughput" (no think time) and "think" (1–3 s between a
   user's requests). Prints requests/s, p50/p95/p99, failures, the slowest pages, the
   gunicorn workers' CPU per request and the machine's load average.
5. Stops gunicorn (its whole process group) whatever happens.

The load generator is this file: one thread per virtual user, each a closed loop of
http.client requests over loopback (the same model as locust's HttpUser), standard library
only. On a 2-core machine the generator competes with gunicorn and PostgreSQL for the CPU, so
it is kept as light as possible (no gevent, no per-request events or web UI), and nothing
new has to be installed or pinned. Every address is 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
PASSWORD = "dangjian-demo"
MAX_DURATION = 120.0
# Who the virtual users are: (account, share of the users). Township secretaries are the
# bulk of real traffic; the county office and a branch secretary and a member the rest.
ACCOUNTS = (
    ("county", 0.2),
    ("township1", 0.3),
    ("township2", 0.3),
    ("village1", 0.1),
    ("member1", 0.1),
)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --------------------------------------------------------------------------------------------
# Database and server


def database(args) -> str:
    """The benchmark database's URL; creates, migrates and fills it when it is new."""
    import psycopg

    url = f"{args.pg}/{args.db}"
    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{args.db}"')
    env = {**os.environ, "DATABASE_URL": url, "DANGJIAN_TASKS": "immediate"}
    manage = [str(PYTHON), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    started = time.perf_counter()
    subprocess.run(
        [
            *manage,
            "demo_county",
            "--orgs",
            str(args.orgs),
            "--members",
            str(args.members),
            "--quiet",
        ],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    print(f"county ready in {time.perf_counter() - started:.1f} s ({url})")
    with psycopg.connect(url) as conn:
        analyzed = conn.execute(
            "SELECT last_analyze, n_live_tup FROM pg_stat_user_tables WHERE relname = 'orgs_person'"
        ).fetchone()
    print(f"orgs_person last ANALYZE: {analyzed[0]} ({analyzed[1]} live rows)")
    if analyzed[0] is None:
        print("warning: orgs_person was never analysed (built before dangjian.lib.db.analyze?)")
    return url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn in its own process group, killed as a group on stop()."""

    def __init__(self, url: str, workers: int, var_dir: str, threads: int = 1) -> None:
        self.port = free_port()
        self.url = url
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DANGJIAN_DEBUG": "0",
            "DANGJIAN_VAR_DIR": var_dir,
            "DANGJIAN_SECURE_COOKIES": "0",  # plain http on loopback
            "ALLOWED_HOSTS": HOST,
            "DANGJIAN_TASKS": "database",
        }
        env.pop("DANGJIAN_DB_CONN_MAX_AGE", None)  # the documented default
        self.log = open(Path(var_dir) / "gunicorn.log", "w")  # noqa: SIM115
        command = [str(GUNICORN), "dangjian.wsgi", "-w", str(workers)]
        if threads > 1:  # gthread workers keep connections alive; sync workers close each one
            command += ["--worker-class", "gthread", "--threads", str(threads)]
        self.process = subprocess.Popen(
            [*command, "-b", f"{HOST}:{self.port}", "--timeout", "60"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"gunicorn exited ({self.process.returncode}); see {self.log.name}"
                )
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer /healthz in time")

    def worker_cpu_seconds(self) -> float:
        """utime + stime of the gunicorn workers (children of the master)."""
        total = 0.0
        tick = os.sysconf("SC_CLK_TCK")
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:  # ppid
                total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def postgres_cpu_seconds(self) -> dict[int, float]:
        """utime + stime of each PostgreSQL backend serving the benchmark database (the
        workers keep theirs open: DANGJIAN_DB_CONN_MAX_AGE), by process id."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            pids = [
                pid
                for (pid,) in conn.execute(
                    "SELECT pid FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ]
        cpu = {}
        tick = os.sysconf("SC_CLK_TCK")
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
        return cpu

    @staticmethod
    def cpu_since(before: dict[int, float], after: dict[int, float]) -> float:
        """CPU used between two readings (a backend that ended meanwhile is not counted)."""
        return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


# --------------------------------------------------------------------------------------------
# Virtual users


class Failure(Exception):
    pass


@dataclass
class Session:
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                # gunicorn's sync workers close each connection: reconnect once.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, response.getheader("Location", ""), content

    def login(self, username: str) -> None:
        status, _, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise Failure(f"login page: {status}")
        body = urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
        ).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{self.port}/accounts/login/",
        }
        status, location, _ = self.request("POST", "/accounts/login/", body, headers)
        if status != 302 or "login" in location:
            raise Failure(f"login of {username} failed: {status} {location}")


def pages_for(session: Session) -> list[tuple[str, str]]:
    """The main pages this account may open, with an organization and a person it sees."""
    pages = [
        ("home", "/"),
        ("org list", "/orgs/"),
        ("people list", "/people/"),
        ("people search", "/people/?" + urlencode({"q": "王"})),
        ("terms due", "/orgs/terms/"),
        ("check list", "/originality/checks/"),
    ]
    _, _, people = session.request("GET", "/people/")
    _, _, orgs = session.request("GET", "/orgs/")
    _, _, home = session.request("GET", "/")
    person = re.search(rb'href="/people/(\d+)/"', people + home)
    org = re.search(rb"/orgs/(\d+)/children/", orgs) or re.search(
        rb'href="/orgs/(\d+)/"', orgs + home
    )
    if person:
        pages.append(("person detail", f"/people/{person.group(1).decode()}/"))
    if org:
        pages.append(("org tree children", f"/orgs/{org.group(1).decode()}/children/"))
    usable = []
    for name, path in pages:
        status, _, _ = session.request(
            "GET", path, headers={"HX-Request": "true"} if "children" in path else None
        )
        if status == 200:
            usable.append((name, path))
    return usable


@dataclass
class Sample:
    page: str
    account: str
    status: int
    seconds: float
    error: str = ""


def drive(user, pages, think, stop_at, budget, samples, lock, rng) -> None:
    account, session = user
    while time.monotonic() < stop_at:
        with lock:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        name, path = rng.choice(pages)
        headers = {"HX-Request": "true"} if "children" in path else None
        started = time.perf_counter()
        error = ""
        try:
            status, location, _ = session.request("GET", path, headers=headers)
            if status != 200:
                error = f"{status} {location}"
        except Exception as exc:  # a failed request is a figure, not a crash
            status, error = 0, type(exc).__name__
        elapsed = time.perf_counter() - started
        samples.append(Sample(name, account, status, elapsed, error))
        if think:
            pause = rng.uniform(*think)
            time.sleep(max(0.0, min(pause, stop_at - time.monotonic())))


def run(name, users, pages, think, duration, max_requests, server, seed) -> dict:
    samples: list[Sample] = []
    lock = threading.Lock()
    budget = [max_requests]
    load_before = load_average()
    cpu_before = server.worker_cpu_seconds()
    pg_before = server.postgres_cpu_seconds()
    own_before = sum(os.times()[:2])
    started = time.monotonic()
    stop_at = started + duration
    threads = [
        threading.Thread(
            target=drive,
            args=(
                user,
                pages[user[0]],
                think,
                stop_at,
                budget,
                samples,
                lock,
                random.Random(seed + i),
            ),
            daemon=True,
        )
        for i, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 60)
    wall = time.monotonic() - started
    cpu = server.worker_cpu_seconds() - cpu_before
    pg_cpu = server.cpu_since(pg_before, server.postgres_cpu_seconds())
    own_cpu = sum(os.times()[:2]) - own_before
    latencies = [s.seconds * 1000 for s in samples]
    failures = [s for s in samples if s.error]
    by_page = {}
    for page in sorted({s.page for s in samples}):
        times = [s.seconds * 1000 for s in samples if s.page == page]
        by_page[page] = {
            "requests": len(times),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "mean_ms": round(statistics.fmean(times), 1),
        }
    by_account = {}
    for account in sorted({s.account for s in samples}):
        times = [s.seconds * 1000 for s in samples if s.account == account]
        by_account[account] = {"requests": len(times), "p95_ms": round(percentile(times, 95), 1)}
    result = {
        "run": name,
        "users": len(users),
        "think_s": list(think) if think else None,
        "duration_s": round(wall, 1),
        "requests": len(samples),
        "requests_per_s": round(len(samples) / wall, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "failures": len(failures),
        "failure_examples": sorted({f"{f.page}: {f.error}" for f in failures})[:5],
        "worker_cpu_ms_per_request": round(cpu * 1000 / max(1, len(samples)), 1),
        "postgres_cpu_ms_per_request": round(pg_cpu * 1000 / max(1, len(samples)), 1),
        "generator_cpu_ms_per_request": round(own_cpu * 1000 / max(1, len(samples)), 1),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "pages": by_page,
        "accounts": by_account,
    }
    print(f"\n== {name}: {len(users)} users, think {think or 'none'}, {wall:.0f} s")
    print(
        f"   {result['requests']} requests, {result['requests_per_s']} requests/s, "
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, "
        f"failures {result['failures']}, "
        f"worker CPU {result['worker_cpu_ms_per_request']} ms/request"
    )
    print(
        f"   CPU per request: gunicorn {result['worker_cpu_ms_per_request']} ms, "
        f"PostgreSQL {result['postgres_cpu_ms_per_request']} ms, "
        f"this generator {result['generator_cpu_ms_per_request']} ms"
    )
    print(f"   load average before {load_before}, after {result['load_average_after']}")
    for page, row in sorted(by_page.items(), key=lambda item: -item[1]["p95_ms"]):
        print(
            f"   {page:18} {row['requests']:6d}  "
            f"p50 {row['p50_ms']:7.1f}  p95 {row['p95_ms']:7.1f} ms"
        )
    for example in result["failure_examples"]:
        print(f"   failure: {example}")
    return result


def page_costs(users, pages, server, repeat: int) -> dict:
    """One request at a time, each page `repeat` times per account: the CPU a page costs the
    gunicorn workers and PostgreSQL, which other load on the machine does not inflate much
    (unlike latency)."""
    rows = {}
    print(f"\n== pages: one request at a time, {repeat} per page and account")
    print(
        f"   {'account':10} {'page':18} {'p50 ms':>7} {'worker CPU ms':>14} "
        f"{'PostgreSQL CPU ms':>18}"
    )
    seen = set()
    for account, session in users:
        if account in seen or account not in ("county", "township1"):
            continue
        seen.add(account)
        for name, path in pages[account]:
            headers = {"HX-Request": "true"} if "children" in path else None
            session.request("GET", path, headers=headers)
            cpu, pg = server.worker_cpu_seconds(), server.postgres_cpu_seconds()
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                session.request("GET", path, headers=headers)
                times.append((time.perf_counter() - started) * 1000)
            row = {
                "p50_ms": round(statistics.median(times), 1),
                "worker_cpu_ms": round((server.worker_cpu_seconds() - cpu) * 1000 / repeat, 1),
                "postgres_cpu_ms": round(
                    server.cpu_since(pg, server.postgres_cpu_seconds()) * 1000 / repeat, 1
                ),
            }
            rows[f"{account} {name}"] = row
            print(
                f"   {account:10} {name:18} {row['p50_ms']:7.1f} {row['worker_cpu_ms']:14.1f} "
                f"{row['postgres_cpu_ms']:18.1f}"
            )
    return {"run": "pages", "repeat": repeat, "load_average": load_average(), "pages": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pg",
        default="postgresql://postgres@127.0.0.1:5432",
        help="PostgreSQL server (loopback), without the database name",
    )
    parser.add_argument("--db", default="dangjian_loadbench", help="the benchmark's own database")
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--members", type=int, default=30000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--threads", type=int, default=1, help="> 1: gthread workers with this many threads"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--duration", type=float, default=60, help=f"seconds per run, ≤ {MAX_DURATION:.0f}"
    )
    parser.add_argument("--max-requests", type=int, default=30000, help="per run")
    parser.add_argument(
        "--runs",
        default="throughput,think",
        help="comma-separated: throughput (no think time), think (--think), pages (one at a time)",
    )
    parser.add_argument("--repeat", type=int, default=20, help="requests per page in 'pages'")
    parser.add_argument("--think", default="1,3", help="think time range in seconds, e.g. 1,3")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="write the figures as JSON to this file")
    args = parser.parse_args()
    if not args.pg.startswith(("postgresql://postgres@127.0.0.1", "postgresql://127.0.0.1")):
        parser.error("--pg must be a loopback address (127.0.0.1)")
    duration = min(args.duration, MAX_DURATION)
    think_range = tuple(float(x) for x in args.think.split(","))
    runs = [r.strip() for r in args.runs.split(",")]

    # Ended from outside (SIGTERM): unwind through `finally` so gunicorn is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    url = database(args)
    var_dir = tempfile.mkdtemp(prefix="dangjian-load-")
    server = Server(url, args.workers, var_dir, args.threads)
    results = []
    try:
        server.wait_ready()
        kind = f"gthread × {args.threads}" if args.threads > 1 else "sync"
        print(
            f"gunicorn -w {args.workers} ({kind}) on {HOST}:{server.port} (log {server.log.name})"
        )
        names = [a for a, _ in ACCOUNTS]
        counts = [max(1, round(share * args.users)) for _, share in ACCOUNTS]
        # At least one user per account; township1 takes what rounding leaves.
        township1 = names.index("township1")
        counts[township1] = max(1, counts[township1] + args.users - sum(counts))
        users = []
        started = time.perf_counter()
        for account, count in zip(names, counts, strict=True):
            for _ in range(count):
                session = Session(server.port)
                session.login(account)
                users.append((account, session))
        print(
            f"{len(users)} users logged in in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{a} {c}" for a, c in zip(names, counts, strict=True))
        )
        pages = {}
        for account, session in users:
            if account not in pages:
                pages[account] = pages_for(session)
                print(f"   {account}: {', '.join(name for name, _ in pages[account])}")
        for name in runs:
            if name == "pages":
                results.append(page_costs(users, pages, server, args.repeat))
                continue
            think = None if name == "throughput" else think_range
            results.append(
                run(name, users, pages, think, duration, args.max_requests, server, args.seed)
            )
    finally:
        server.stop()
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
