"""Bench: a class of N learners hands in to the hand-in service within one minute (root only: it runs a hub).

A real JupyterHub (configurable-http-proxy) runs the service as tests/hub_server.py SERVICE_CONFIG does.
Each learner is a hub account with a token carrying the scope a learner's server token carries
(``access:services!service=lessons-exchange``); no single-user servers are started (the service never
talks to them). Every learner sends a full-course answers file (tests/synthetic.py, every quiz answered)
through the hub's proxy, all at once (the worst minute: everyone presses Hand in at the deadline), each
from its own thread with the package's client. Measured: hand-ins per second over the whole class, and the
slowest receipt (from the learner's request to the service's answer).
"""
from __future__ import annotations

import os
import random
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path


def hand_in_service(n: int) -> dict:
    """Run the bench for ``n`` learners; return the figures (or {'skipped': reason})."""
    from hub_server import SERVICE_CONFIG, SERVICE_NAME, Hub, prerequisites, service_settings
    from synthetic import synthetic_answers_file

    from lessons.core import answers_file
    from lessons.core.quizbank import load_all
    from lessons.exchange.service_client import ServiceClient, ServiceError

    missing = [m for m in prerequisites() if "useradd" not in m and "runuser" not in m]
    if missing:
        return {"skipped": ", ".join(missing)}
    base = Path(tempfile.mkdtemp(prefix="lessons-bench-handin-"))
    os.chmod(base, 0o755)
    learners = [f"learner{i:03d}" for i in range(n)]
    hub = None
    try:
        settings = service_settings(base, None, ["teacher"])
        tokens_role = ('\nc.JupyterHub.load_roles.append({"name": "bench-tokens", "scopes": ["tokens"], '
                       '"services": ["class-test"]})\n')  # the bench's admin service makes the learners' tokens
        hub = Hub(base, [*learners, "teacher"], "teacher", {}, extra_config=SERVICE_CONFIG + tokens_role,
                  extra_settings=settings)
        tokens = {}
        for user in learners:
            code, reply = hub.api("POST", f"/users/{user}/tokens",
                                  {"scopes": [f"access:services!service={SERVICE_NAME}"], "note": "bench"})
            assert code in (200, 201), reply
            tokens[user] = reply["token"]
        banks, rng = load_all(), random.Random(2021)
        files = {u: answers_file.to_bytes(synthetic_answers_file(banks, i, rng)) for i, u in enumerate(learners)}
        url = f"{hub.url}/services/{SERVICE_NAME}"
        for user in learners[:3]:  # warm up the first connections (not timed)
            ServiceClient(url, tokens[user]).whoami()
        waits: dict[str, float] = {}
        failed: list[str] = []
        go = threading.Event()

        def learner(user: str) -> None:
            go.wait()
            t0 = time.perf_counter()
            try:
                ServiceClient(url, tokens[user]).hand_in(files[user])
                waits[user] = time.perf_counter() - t0
            except ServiceError as exc:
                failed.append(f"{user}: {exc}")

        threads = [threading.Thread(target=learner, args=(u,)) for u in learners]
        for t in threads:
            t.start()
        started = time.perf_counter()
        go.set()
        for t in threads:
            t.join()
        total = time.perf_counter() - started
        code, reply = hub.api("POST", "/users/teacher/tokens", {"scopes": [f"access:services!service={SERVICE_NAME}"]})
        kept = len(ServiceClient(url, reply["token"]).class_view()["hand_ins"])  # what the teacher finds
        return {"learners": n, "seconds": total, "per_second": len(waits) / total if total else 0.0,
                "slowest": max(waits.values()) if waits else 0.0,
                "median": statistics.median(waits.values()) if waits else 0.0,
                "bytes": statistics.median(len(f) for f in files.values()), "failed": failed, "kept": kept}
    finally:
        if hub is not None:
            hub.stop()
        shutil.rmtree(base, ignore_errors=True)
