"""Public evaluation under load (群众评议, code mode): gunicorn + PostgreSQL on loopback.

    .venv/bin/python bench/assess_eval_load.py                  # 20 s, 2 gthread workers x 4
    .venv/bin/python bench/assess_eval_load.py --duration 30 --codes 30000 --dup-share 0.1
    .venv/bin/python bench/assess_eval_load.py --workers 4 --threads 2 --clients 2x8

1. Makes a scratch PostgreSQL database (`--db`, default dj_eval_loadbench on
   127.0.0.1:5432; dropped and created afresh each run, dropped at the end unless --keep),
   migrates it, writes one county unit with its evaluation point and `--codes` one-time codes
   through the real service (`evaluation_codes_create`, 500 a call).
2. Starts gunicorn on 127.0.0.1 and a free port (production settings, DEBUG off), waits for
   /healthz (bench/load_bench.py's Server: its own process group, killed as a group).
3. Fires `POST /api/v1/public/evaluations` from `--clients PxT` (P processes of T threads,
   each thread one keep-alive http.client connection — the "equal" of locust's HttpUser,
   standard library only, light enough to share 2 cores with the server) for `--duration`
   seconds (at most 120) or until the codes run out. Each code is sent once; a share
   (`--dup-share`) of the requests re-sends a code that was already accepted (a duplicate).
4. Reports accepted/s, p50/p95/p99 latency of the accepted submissions, then the count
   check in the database: accepted = rows stored, duplicates sent = 409s, nothing lost
   (every code answered 201 has its row) and no other status.

Exit status 1 when the count check fails (or any request failed otherwise).
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_bench import HOST, PYTHON, ROOT, Server, load_average, percentile

PATH = "/api/v1/public/evaluations"
MAX_DURATION = 120.0


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="dj_eval_loadbench")
    parser.add_argument("--codes", type=int, default=20000)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--dup-share", type=float, default=0.1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per worker")
    parser.add_argument("--clients", default="2x6", help="P processes x T threads")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--out", help="write the figures as JSON here")
    return parser.parse_args()


# --------------------------------------------------------------------------------------------
# Scratch database


def scratch_database(args) -> str:
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.db}"')
        conn.execute(f'CREATE DATABASE "{args.db}"')
    url = f"{args.pg}/{args.db}"
    env = {**os.environ, "DATABASE_URL": url, "DANGJIAN_TASKS": "immediate"}
    subprocess.run(
        [str(PYTHON), str(ROOT / "manage.py"), "migrate", "-v", "0"], env=env, check=True, cwd=ROOT
    )
    return url


def drop_database(args) -> None:
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')


SEED_SCRIPT = """
import datetime, json, sys
from django.utils import timezone
from dangjian.assess import eval_services
from dangjian.orgs import services
from dangjian.orgs.models import User
count = int(sys.argv[1])
user = User.objects.create_superuser("bench", password="bench-only-not-served")
root = services.org_create(actor=user, parent=None, code="C", name="示范县委",
                           category="other", org_type="committee")
unit = services.org_create(actor=user, parent=root, code="U1", name="县政务服务中心党支部",
                           category="county_unit", org_type="branch")
point = eval_services.point_save(actor=user, org=unit, mode="code")
month = timezone.localdate().replace(day=1)
codes = []
while len(codes) < count:
    rows = eval_services.evaluation_codes_create(
        actor=user, org=unit, count=min(500, count - len(codes)), period=month)
    codes += [row.code for row in rows]
json.dump({"codes": codes, "org": unit.pk, "key": point.public_key}, sys.stdout)
"""


def seed(url: str, count: int, var_dir: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DANGJIAN_TASKS": "immediate",
        "DANGJIAN_VAR_DIR": var_dir,
        "DJANGO_SETTINGS_MODULE": "dangjian.settings",
    }
    script = "import django; django.setup()\n" + SEED_SCRIPT
    done = subprocess.run(
        [str(PYTHON), "-c", script, str(count)],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------------------
# Client


def thread_loop(port, codes, dup_share, stop_at, seed_value, out, lock) -> None:
    rng = random.Random(seed_value)
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    accepted: list[str] = []
    local = {"latency": [], "status": {}, "accepted": [], "dup_sent": 0, "errors": []}
    index = 0
    headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
    overall = ("satisfied", "satisfied", "satisfied", "basic", "dissatisfied")
    while time.monotonic() < stop_at:
        duplicate = accepted and rng.random() < dup_share
        if duplicate:
            code = rng.choice(accepted)
        elif index < len(codes):
            code = codes[index]
            index += 1
        else:
            break
        body = {"code": code, "overall": rng.choice(overall)}
        if rng.random() < 0.3:
            body["dimensions"] = {"attitude": "satisfied", "efficiency": rng.choice(overall)}
        payload = json.dumps(body).encode()
        started = time.perf_counter()
        try:
            conn.request("POST", PATH, body=payload, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            local["errors"].append(repr(error))
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            continue
        elapsed = time.perf_counter() - started
        local["status"][status] = local["status"].get(status, 0) + 1
        if duplicate:
            local["dup_sent"] += 1
        if status == 201:
            accepted.append(code)
            local["accepted"].append(code)
            local["latency"].append(elapsed)
    conn.close()
    with lock:
        out.append(local)


def client_process(port, chunks, dup_share, stop_at, seed_value, queue) -> None:
    out: list[dict] = []
    lock = threading.Lock()
    threads = [
        threading.Thread(
            target=thread_loop,
            args=(port, chunk, dup_share, stop_at, f"{seed_value}:{i}", out, lock),
        )
        for i, chunk in enumerate(chunks)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(out)


def fire(port: int, codes: list[str], args) -> tuple[list[dict], float]:
    processes, threads = (int(n) for n in args.clients.lower().split("x"))
    lanes = processes * threads
    chunks = [codes[i::lanes] for i in range(lanes)]
    queue: multiprocessing.Queue = multiprocessing.Queue()
    started = time.monotonic()
    stop_at = started + min(args.duration, MAX_DURATION)
    workers = [
        multiprocessing.Process(
            target=client_process,
            args=(
                port,
                chunks[p * threads : (p + 1) * threads],
                args.dup_share,
                stop_at,
                f"{args.seed}:{p}",
                queue,
            ),
        )
        for p in range(processes)
    ]
    for worker in workers:
        worker.start()
    results: list[dict] = []
    for _ in workers:
        results.extend(queue.get(timeout=MAX_DURATION + 60))
    elapsed = time.monotonic() - started
    for worker in workers:
        worker.join()
    return results, elapsed


# --------------------------------------------------------------------------------------------
# Count check


def stored(url: str, org: int) -> tuple[int, set[str]]:
    import psycopg

    with psycopg.connect(url) as conn:
        count = conn.execute(
            "SELECT count(*) FROM assess_evaluation WHERE org_id = %s", [org]
        ).fetchone()[0]
        codes = {
            code
            for (code,) in conn.execute(
                "SELECT c.code FROM assess_evaluation e JOIN assess_evaluationcode c"
                " ON c.id = e.code_id WHERE e.org_id = %s",
                [org],
            )
        }
    return count, codes


def main() -> int:
    args = arguments()
    var_dir = tempfile.mkdtemp(prefix="dj-eval-load-")
    url = scratch_database(args)
    server = None
    try:
        started = time.perf_counter()
        seeded = seed(url, args.codes, var_dir)
        print(f"{len(seeded['codes'])} codes in {time.perf_counter() - started:.1f} s ({url})")
        server = Server(url, args.workers, var_dir, threads=args.threads)
        server.wait_ready()
        cpu_before = server.worker_cpu_seconds()
        pg_before = server.postgres_cpu_seconds()
        client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        results, elapsed = fire(server.port, seeded["codes"], args)
        cpu = server.worker_cpu_seconds() - cpu_before
        pg_cpu = server.cpu_since(pg_before, server.postgres_cpu_seconds())
        client_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        client_cpu = (client_after.ru_utime + client_after.ru_stime) - (
            client_before.ru_utime + client_before.ru_stime
        )
        load = load_average()
    finally:
        if server is not None:
            server.stop()
    statuses: dict[int, int] = {}
    for part in results:
        for status, n in part["status"].items():
            statuses[status] = statuses.get(status, 0) + n
    latency = [x for part in results for x in part["latency"]]
    accepted_codes = [c for part in results for c in part["accepted"]]
    dup_sent = sum(part["dup_sent"] for part in results)
    errors = [e for part in results for e in part["errors"]]
    rows, stored_codes = stored(url, seeded["org"])
    accepted = statuses.get(201, 0)
    refused = statuses.get(409, 0)
    other = {s: n for s, n in statuses.items() if s not in (201, 409)}
    figures = {
        "workers": args.workers,
        "threads": args.threads,
        "clients": args.clients,
        "seconds": round(elapsed, 2),
        "requests": sum(statuses.values()),
        "accepted": accepted,
        "accepted_per_s": round(accepted / elapsed, 1),
        "requests_per_s": round(sum(statuses.values()) / elapsed, 1),
        "p50_ms": round(percentile(latency, 50) * 1000, 1),
        "p95_ms": round(percentile(latency, 95) * 1000, 1),
        "p99_ms": round(percentile(latency, 99) * 1000, 1),
        "duplicates_sent": dup_sent,
        "refused_409": refused,
        "other_statuses": other,
        "errors": len(errors),
        "rows_stored": rows,
        "lost": len(set(accepted_codes) - stored_codes),
        "worker_cpu_ms_per_request": round(cpu * 1000 / max(1, sum(statuses.values())), 2),
        "postgres_cpu_ms_per_request": round(pg_cpu * 1000 / max(1, sum(statuses.values())), 2),
        "client_cpu_ms_per_request": round(client_cpu * 1000 / max(1, sum(statuses.values())), 2),
        "load_average": load,
    }
    ok = (
        rows == accepted == len(set(accepted_codes))
        and refused == dup_sent
        and not other
        and not errors
        and figures["lost"] == 0
    )
    figures["count_check"] = "passed" if ok else "FAILED"
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if errors:
        print("first errors:", errors[:3])
    if args.out:
        Path(args.out).write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    if not args.keep:
        drop_database(args)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
