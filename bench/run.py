#!/usr/bin/env python3
"""Benchmark what learners and teachers feel, each figure against its floor (run: make bench).

Prints a table and rewrites the block between the bench markers in README.md.
Floors: a bare interpreter; a kernel that only imports the same libraries; a process that only reads
and parses the same answers files. Medians over repeated runs (the machines are shared and noisy).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
PY = sys.executable
LESSONS = str(Path(PY).parent / "lessons")
ROWS: list[tuple[str, str, str, str, str]] = []


def timed(cmd: list[str], repeat: int = 7, cwd: Path | None = None) -> float:
    """Median wall time of a command, in seconds."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def peak_mb(cmd: list[str], cwd: Path | None = None) -> float:
    """Peak resident memory of the largest process the command starts (MB)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([PY, "-c", probe, *cmd], capture_output=True, text=True, check=True, cwd=cwd)
    return int(out.stdout) / 1024


def row(what: str, value: str, floor: str, ratio: str, goal: str | list[tuple[str, bool]], ok: bool = True) -> None:
    """Record one line; ``goal`` is one goal with ``ok``, or a list of (goal, met) pairs."""
    goals = [(goal, ok)] if isinstance(goal, str) else goal
    text = "-" if goal == "-" else "; ".join(f"{g} {'met' if met else 'NOT met'}" for g, met in goals)
    ROWS.append((what, value, floor, ratio, text))
    print(f"{what:<48} {value:>10} {floor:>10} {ratio:>8}  {text}", flush=True)


def bench_startup() -> None:
    bare = timed([PY, "-c", "pass"], 15)
    helped = timed([LESSONS, "--help"], 15)
    row("`lessons --help` (process)", f"{helped:.3f} s", f"{bare:.3f} s", f"{helped / bare:.1f}x",
        "< 0.3 s", helped < 0.3)
    imported = timed([PY, "-c", "import lessons"], 15)
    row("`import lessons` beyond a bare interpreter", f"{imported - bare:+.3f} s", f"{bare:.3f} s",
        f"{imported / bare:.1f}x", "< 0.2 s more", imported - bare < 0.2)


FLOOR_CELL = ("import pandas, matplotlib.pyplot, ipywidgets, yaml, fastjsonschema\n"
              "import lessons.core.data, lessons.notebook.plots, lessons.notebook.quiz_view")


def bench_notebooks(repeat: int) -> None:
    import nbformat
    from nbclient import NotebookClient

    env_dir = Path(tempfile.mkdtemp(prefix="bench-answers-"))
    os.environ["LESSONS_RESPONSES_DIR"] = str(env_dir)

    def run(nb, cwd: Path) -> float:
        t0 = time.perf_counter()
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
        return time.perf_counter() - t0

    floor_nb = nbformat.v4.new_notebook()
    floor_nb.cells = [nbformat.v4.new_code_cell(FLOOR_CELL)]

    def run_floor() -> float:
        return run(nbformat.from_dict(json.loads(json.dumps(floor_nb))), ROOT / "notebooks")

    run_floor()  # warm-up: disk caches, compiled bytecode
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    floors, results = [], {}
    for path in paths:  # floor and notebook runs interleaved, so machine noise hits both alike
        for _ in range(repeat):
            floors.append(run_floor())
            results.setdefault(path, []).append(run(nbformat.read(path, as_version=4), path.parent))
    floor = statistics.median(floors)
    for path in paths:
        value = statistics.median(results[path])
        row(f"notebook {path.name} headless", f"{value:.2f} s", f"{floor:.2f} s", f"{value / floor:.2f}x",
            "within 1.5x", value / floor <= 1.5)
    shutil.rmtree(env_dir, ignore_errors=True)


def bench_browser(clicks: int) -> None:
    from lab_server import CHROMIUM, CHROMIUM_ARGS, LabServer, have_chromium, open_and_run_all
    from playwright.sync_api import sync_playwright

    from lessons.core.learner_ids import save_current

    if not have_chromium():
        print("browser: skipped, no Chromium (apt-get install chromium)")
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-lab-"))
    (tmp / "root").mkdir()
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell('from lessons import show_quiz\nshow_quiz("01")')]
    nbformat.write(nb, tmp / "root" / "bench.ipynb")
    save_current("Bench Learner", tmp / "answers")
    server = LabServer(tmp / "root", tmp / "home", {"LESSONS_RESPONSES_DIR": str(tmp / "answers")})
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            open_and_run_all(page, f"{server.base}/lab/tree/bench.ipynb")
            box = page.locator(".lessons-q-a01-what-ends")
            box.wait_for(timeout=90_000)
            labels = ["The US combat mission in Iraq", "All US military presence in Iraq"]
            times = []
            for i in range(clicks):
                box.locator(".widget-radio-box label", has_text=re.compile(f"^{labels[i % 2]}$")).click()
                ms = page.evaluate("""() => new Promise(resolve => {
                    const q = document.querySelector('.lessons-q-a01-what-ends');
                    const fb = q.querySelector('.lessons-feedback');
                    const attempts = q.querySelector('.lessons-attempts');
                    const before = attempts.innerText;
                    const t0 = performance.now();
                    const obs = new MutationObserver(() => {
                        if (attempts.innerText !== before && fb.innerText.trim()) {
                            obs.disconnect(); resolve(performance.now() - t0); }
                    });
                    obs.observe(q, {subtree: true, childList: true, characterData: true});
                    [...q.querySelectorAll('button')].find(b => /^Check answer \\d+$/.test(b.innerText.trim())).click();
                })""")
                times.append(ms)
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    median = statistics.median(times)
    row(f"Check click to feedback in the browser (median of {clicks})", f"{median:.0f} ms", "-", "-",
        "< 300 ms", median < 300)


def bench_grading(sizes: list[int]) -> None:
    from lessons.core.quizbank import load_all
    from synthetic import write_answers_files

    banks = load_all()
    start = timed([LESSONS, "--help"], 9)
    bare = timed([PY, "-c", "pass"], 9)
    floor_code = ("import json, pathlib, sys\n"
                  "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.json')): json.loads(p.read_bytes())")
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        for n in sizes:
            folder = Path(tmp) / f"n{n}"
            write_answers_files(banks, folder, n)
            out = Path(tmp) / f"out{n}"
            repeat = 5 if n <= 1000 else 3
            grade_cmd = [LESSONS, "grade", str(folder), "--out", str(out), "--no-report"]
            graded = timed(grade_cmd, repeat)
            floor = timed([PY, "-c", floor_code, str(folder)], repeat)
            beyond, floor_beyond = graded - start, floor - bare
            ratio = beyond / floor_beyond if floor_beyond > 0 else float("inf")
            goal_s = {50: 0.5, 10_000: 10.0}.get(n)
            goals = [(f"< {goal_s:g} s", graded < goal_s)] if goal_s else []
            # the ratio stays as a figure; "within 2x of the floor" was retired as a goal (issue 12): at
            # these sizes no teacher feels the difference
            what = f"grade {n:,} answers files"
            if n == 10_000:
                mb = peak_mb(grade_cmd)
                goals.append(("< 300 MB", mb < 300))
                what += f" (peak {mb:.0f} MB)"
            row(what, f"{graded:.2f} s", f"{floor:.2f} s", f"{ratio:.2f}x", goals or "-")
            if n == 50:
                with_report = timed([LESSONS, "grade", str(folder), "--out", str(out)], 3)
                row("grade 50 answers files with report.html", f"{with_report:.2f} s", f"{graded:.2f} s",
                    f"{with_report / graded:.1f}x", "< 2.5 s", with_report < 2.5)


CLASS_PREFIX = "class at once"


def bench_class(n: int) -> None:
    """N learners on a real JupyterHub start their servers and run lesson 03 at once (root only)."""
    import os as _os

    from class_at_once import class_at_once

    if _os.geteuid() != 0:
        print(f"{CLASS_PREFIX}: skipped (needs root to create the learners' Unix users)")
        return
    figures = class_at_once(n)
    if "skipped" in figures:
        print(f"{CLASS_PREFIX}: skipped ({figures['skipped']})")
        return
    n = figures["learners"]
    row(f"{CLASS_PREFIX}: {n} servers started via the hub's REST API", f"{figures['servers_ready_s']:.1f} s",
        "-", "-", "-")
    failed = figures["failed"]
    for reason in failed:
        print(f"  learner failed: {reason}")
    note = f"; {len(failed)} of {n} failed" if failed else ""
    note += f"; {figures['reconnects']} websocket reconnect(s)" if figures["reconnects"] else ""
    row(f"{CLASS_PREFIX}: last of {n} learners' lesson 03 quiz shown (Run All together{note})",
        f"{figures['last_quiz_s']:.1f} s", f"median {figures['median_quiz_s']:.1f} s", "-",
        [("< 60 s", figures["last_quiz_s"] < 60), ("every learner", not failed)])
    rss, pss = figures["rss_mb_per_learner"], figures["pss_mb_per_learner"]
    row(f"{CLASS_PREFIX}: memory per learner (single-user server + kernel)", f"{pss:.0f} MB PSS",
        f"{rss:.0f} MB RSS", "-", [("PSS <= 250 MB", pss <= 250), ("RSS <= 250 MB", rss <= 250)])


HAND_IN_PREFIX = "hand-in service"


def bench_hand_in_service(n: int) -> None:
    """N learners hand in to the hand-in service at once through a real hub (root only)."""
    from hand_in_service import hand_in_service

    if os.geteuid() != 0:
        print(f"{HAND_IN_PREFIX}: skipped (needs root, as the hub tests)")
        return
    figures = hand_in_service(n)
    if "skipped" in figures:
        print(f"{HAND_IN_PREFIX}: skipped ({figures['skipped']})")
        return
    for reason in figures["failed"]:
        print(f"  hand-in failed: {reason}")
    n, kb = figures["learners"], figures["bytes"] / 1000
    row(f"{HAND_IN_PREFIX}: {n} learners hand in at once ({kb:.0f} kB each, through the hub's proxy)",
        f"{figures['per_second']:.0f} /s", f"{figures['seconds']:.1f} s in all", "-",
        [("all within 60 s", figures["seconds"] < 60),
         ("every hand-in kept", not figures["failed"] and figures["kept"] == n)])
    row(f"{HAND_IN_PREFIX}: slowest of {n} receipts (request to answer)", f"{figures['slowest']:.2f} s",
        f"median {figures['median']:.2f} s", "-", [("< 60 s", figures["slowest"] < 60)])


def merge_readme_rows(prefix: str) -> None:
    """Replace only the README table's rows whose 'what' starts with ``prefix`` by this run's."""
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    match = re.search(r"<!-- bench:start -->\n(.*?)<!-- bench:end -->", text, flags=re.S)
    if not match:
        print("README.md has no bench block; nothing merged")
        return
    kept = [line for line in match.group(1).splitlines() if not line.startswith(f"| {prefix}")]
    new = [f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in ROWS if a.startswith(prefix)]
    block = "<!-- bench:start -->\n" + "\n".join(kept + new) + "\n<!-- bench:end -->"
    readme.write_text(text[:match.start()] + block + text[match.end():], encoding="utf-8")
    print(f"README.md: {len(new)} '{prefix}' row(s) merged into the benchmark table")


def write_readme() -> None:
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    lines = [f"Measured {date.today().isoformat()} on {platform.system()} {platform.machine()}, {os.cpu_count()} cores "
             f"({cpu}), Python {platform.python_version()}, by `make bench`.", "",
             "| what | measured | floor | ratio | goal |", "|---|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in ROWS]
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = "<!-- bench:start -->\n" + "\n".join(lines) + "\n<!-- bench:end -->"
    text = re.sub(r"<!-- bench:start -->.*<!-- bench:end -->", block, text, flags=re.S)
    readme.write_text(text, encoding="utf-8")
    print(f"README.md benchmark table updated ({len(ROWS)} rows)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, no 10,000-file run")
    parser.add_argument("--no-readme", action="store_true", help="print only; leave README.md alone")
    parser.add_argument("--class-size", type=int, default=30, metavar="N",
                        help="simulated learners on the JupyterHub (root only; 0 skips; at most 60)")
    parser.add_argument("--only-class", action="store_true",
                        help="run only the class-at-once bench and merge its rows into README.md's table")
    parser.add_argument("--hand-ins", type=int, default=300, metavar="N",
                        help="learners handing in to the hand-in service at once (root only; 0 skips)")
    parser.add_argument("--only-hand-ins", action="store_true",
                        help="run only the hand-in service bench and merge its rows into README.md's table")
    args = parser.parse_args()
    if args.only_hand_ins:
        bench_hand_in_service(args.hand_ins)
        if not args.no_readme:
            merge_readme_rows(HAND_IN_PREFIX)
        return 1 if any("NOT met" in r[4] for r in ROWS) else 0
    if args.only_class:
        bench_class(args.class_size)
        if not args.no_readme:
            merge_readme_rows(CLASS_PREFIX)
        return 1 if any("NOT met" in r[4] for r in ROWS) else 0
    print(f"{'what':<48} {'measured':>10} {'floor':>10} {'ratio':>8}  goal")
    bench_startup()
    bench_notebooks(1 if args.quick else 3)
    bench_browser(20)
    bench_grading([50, 1000] if args.quick else [50, 1000, 10_000])
    if args.class_size:
        bench_class(min(args.class_size, 10) if args.quick else args.class_size)
    if args.hand_ins:
        bench_hand_in_service(min(args.hand_ins, 30) if args.quick else args.hand_ins)
    if not args.no_readme:
        write_readme()
    missed = [r[0] for r in ROWS if "NOT met" in r[4]]
    if missed:
        print("Goals not met: " + "; ".join(missed))
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
