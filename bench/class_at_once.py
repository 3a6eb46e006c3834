"""A class at once on a real JupyterHub (root only): N simulated learners start their servers through the
hub's REST API and run lesson 03's cells at the same moment, on this machine's loopback only.

Each learner is a real Unix user with a LocalProcessSpawner server; the simulated learner is a websocket
client that starts a kernel on its own server and runs the lesson's code cells one after another, like
Run All. Measured: the time from the servers being asked to start to all being ready; the time from
everyone pressing Run All to the last learner's quiz being shown (the show_quiz cell's widget display
arriving); the memory per learner (resident memory of every process of the learner: single-user server
and kernel). Bounded: at most 60 learners, every wait has a deadline, and everything is stopped and the
users removed at the end, whatever happens.
"""
from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

MAX_LEARNERS = 60
RUN_DEADLINE = 240.0  # seconds for all learners' cells
DEBUG = False
PROGRESS: dict[str, int] = {}  # user -> index of the cell being run
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def lesson_cells(lesson: str = "03-voices") -> list[str]:
    """The lesson's code cells, after a first cell that saves the learner's name (as the name box does)."""
    nb = json.loads((ROOT / "notebooks" / f"{lesson}.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def memory_mb_of_uid(uid: int) -> tuple[float, float]:
    """Resident (RSS) and proportional (PSS: shared pages split among their sharers) memory, in MB,
    of every process owned by ``uid``."""
    rss = pss = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            for line in (entry / "smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except (OSError, ValueError):
            pass
    return rss / 1024, pss / 1024


async def _connect(base: str, kernel: str, headers: dict):
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    ws_url = f"{base}/kernels/{kernel}/channels".replace("http://", "ws://")
    return await websocket_connect(HTTPRequest(ws_url, headers=headers, request_timeout=RUN_DEADLINE))


async def _run_cell(ws, user: str, session: str, code: str, t0: float) -> float | None:
    """Run one cell; return the time the quiz widget was shown (for the show_quiz cell), else None.
    Raises ConnectionError when the websocket closes (the browser would reconnect)."""
    from tornado.websocket import WebSocketClosedError

    msg_id = uuid.uuid4().hex
    try:
        sent = ws.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": user, "session": session, "msg_type": "execute_request",
                   "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
        await sent
    except WebSocketClosedError:
        raise ConnectionError(f"{user}: the kernel's websocket was closed before the cell was sent") from None
    shown = None
    replied = idle = False
    while not (replied and idle):  # iopub output may come after the shell reply: wait for both
        raw = await asyncio.wait_for(ws.read_message(), RUN_DEADLINE)
        if raw is None:
            raise ConnectionError(f"{user}: the kernel's websocket closed")
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["header"]["msg_type"]
        if DEBUG and "show_quiz(" in code:
            print(user, kind, str(msg["content"])[:300], flush=True)
        if kind == "display_data" and "show_quiz(" in code and WIDGET_VIEW in msg["content"].get("data", {}):
            shown = time.monotonic() - t0
        if kind == "error":
            raise RuntimeError(f"{user}: {msg['content'].get('ename')}: {msg['content'].get('evalue')}")
        if kind == "execute_reply":
            replied = True
        if kind == "status" and msg["content"].get("execution_state") == "idle":
            idle = True
    return shown


async def run_learner(hub_url: str, token: str, user: str, cells: list[str], t0: float,
                      reconnects: list[str]) -> float:
    """Start a kernel on the learner's server, run the cells; return seconds from t0 to the quiz shown.

    Like JupyterLab, a closed websocket is opened again (at most 3 times) and the cell sent again."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest

    headers = {"Authorization": f"token {token}"}
    base = f"{hub_url}/user/{user}/api"
    reply = await AsyncHTTPClient().fetch(HTTPRequest(f"{base}/kernels", method="POST", headers=headers,
                                                      body="{}", request_timeout=RUN_DEADLINE))
    kernel = json.loads(reply.body)["id"]
    ws = await _connect(base, kernel, headers)
    session = uuid.uuid4().hex
    shown = None
    try:
        for index, code in enumerate(cells):
            PROGRESS[user] = index
            for attempt in range(4):
                try:
                    shown = await _run_cell(ws, user, session, code, t0) or shown
                    break
                except ConnectionError:
                    if attempt == 3:
                        raise
                    reconnects.append(user)
                    ws.close()
                    ws = await _connect(base, kernel, headers)
    finally:
        ws.close()
    if shown is None:
        raise RuntimeError(f"{user}: the quiz was never shown")
    return shown


async def run_class(hub_url: str, token: str, users: list[str], cells_for, reconnects: list[str]) -> list:
    """Every learner at once; a learner who fails gives their exception instead of a time."""
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=len(users) + 5)  # no queue of our own in front of the hub
    t0 = time.monotonic()
    tasks = [asyncio.ensure_future(run_learner(hub_url, token, u, cells_for(u), t0, reconnects)) for u in users]
    _done, pending = await asyncio.wait(tasks, timeout=RUN_DEADLINE + 30)
    for task in pending:
        task.cancel()
    outcomes = []
    for user, task in zip(users, tasks):
        if task in pending:
            outcomes.append(TimeoutError(f"{user}: not done after {RUN_DEADLINE + 30:.0f} s "
                                         f"(at cell {PROGRESS.get(user, 0)})"))
        else:
            outcomes.append(task.exception() or task.result())
    return outcomes


def class_at_once(n: int) -> dict:
    """Run the class; return the figures (seconds and MB)."""
    from hub_server import Hub, Traversable, Users, prerequisites, users_need

    n = max(1, min(n, MAX_LEARNERS))
    missing = prerequisites()
    if missing:
        return {"skipped": "missing: " + ", ".join(missing)}
    base = Path(tempfile.mkdtemp(prefix="lessons-class-"))
    base.chmod(0o755)
    access, users, hub = Traversable(), Users(base, "lhc"), None
    try:
        for needed in users_need():
            access.allow(needed)
        learners = [users.add(f"{i:02d}") for i in range(1, n + 1)]
        hub = Hub(base, learners, learners[0], {}, concurrent_spawn=n)
        started = time.monotonic()
        hub.start_servers(learners)
        hub.wait_servers(learners, timeout=300)
        servers_ready = time.monotonic() - started
        cells = lesson_cells()

        def cells_for(user: str) -> list[str]:
            return [f"from lessons.core.learner_ids import save_current; save_current('Learner {user}')", *cells]

        reconnects: list[str] = []
        outcomes = asyncio.run(run_class(hub.url, hub.api_token, learners, cells_for, reconnects))
        failed = [f"{type(o).__name__}: {o}" for o in outcomes if isinstance(o, BaseException)]
        shown = [o for o in outcomes if not isinstance(o, BaseException)] or [float("nan")]
        memory = [memory_mb_of_uid(users.uid(u)) for u in learners]
        return {"learners": n, "servers_ready_s": servers_ready, "failed": failed, "reconnects": len(reconnects),
                "last_quiz_s": max(shown), "median_quiz_s": statistics.median(shown),
                "rss_mb_per_learner": statistics.mean(m[0] for m in memory),
                "pss_mb_per_learner": statistics.mean(m[1] for m in memory),
                "rss_mb_max": max(m[0] for m in memory)}
    finally:
        if hub is not None:
            hub.stop()
        users.cleanup()
        access.restore()
        import shutil

        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    DEBUG = "--debug" in sys.argv
    print(json.dumps(class_at_once(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 3), indent=1))
