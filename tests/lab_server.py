"""A real Jupyter server and Debian's Chromium for the browser tests (recipe: ../shared/guide/BROWSER.md).

One server serves both supported front ends: JupyterLab at ``/lab/tree/<path>`` and Notebook 7 at
``/notebooks/<path>``. Browser tests that must hold in both take the ``front_end`` fixture (conftest.py)
and open pages with ``front_end.url(server.base, "notebooks/01-agreement.ipynb")``.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
KERNEL_IDLE_JS = """() => {
  const panels = [...document.querySelectorAll('.jp-NotebookPanel')].filter(p => !p.classList.contains('lm-mod-hidden'));
  const root = panels[panels.length - 1];
  if (!root) return false;
  const ei = root.querySelector('.jp-Notebook-ExecutionIndicator');
  const kn = root.querySelector('.jp-Toolbar-kernelName');
  return !!ei && ei.getAttribute('data-status') === 'idle' && !!kn && kn.textContent.trim() !== ''
      && !/No Kernel/i.test(kn.textContent);
}"""


@dataclass(frozen=True)
class FrontEnd:
    """A Jupyter front end the course supports: its name (the test id) and where it opens a notebook."""

    name: str
    prefix: str

    def url(self, base: str, path: str) -> str:
        """The address that opens the notebook at ``path`` (relative to the server's root) in this front end."""
        return f"{base}{self.prefix}{path}"


# window.jupyterapp in both front ends: a test can read a document's own state (e.g. whether it is dirty)
EXPOSE_APP = ("--LabApp.expose_app_in_browser=True", "--JupyterNotebookApp.expose_app_in_browser=True")
FRONT_ENDS = (FrontEnd("jupyterlab", "/lab/tree/"), FrontEnd("notebook7", "/notebooks/"))


def _write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj))


class LabServer:
    """Start a Jupyter server (JupyterLab and Notebook 7) on a free loopback port, every folder isolated under ``home``."""

    def __init__(self, root: Path, home: Path, extra_env: dict[str, str], python: str = sys.executable,
                 extra_args: tuple[str, ...] = ()):
        """``python`` runs the server, and so its kernels: another environment's interpreter tests that install.
        ``extra_args`` go to the server's command line (e.g. ``EXPOSE_APP``)."""
        self.root, self.home = root, home
        settings = home / "settings"
        _write_json(settings / "@jupyterlab/apputils-extension/notification.jupyterlab-settings",
                    {"fetchNews": "false", "checkForUpdates": False})
        _write_json(settings / "@jupyterlab/notebook-extension/tracker.jupyterlab-settings", {"windowingMode": "none"})
        env = dict(os.environ, **extra_env)
        env.update(JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
                   JUPYTER_DATA_DIR=str(home / "data"), JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), IPYTHONDIR=str(home / "ipython"))
        cmd = [python, "-m", "jupyterlab", "--no-browser", "--port=0", "--ServerApp.port_retries=0",
               "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
               "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.extension_manager=readonly"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        cmd.extend(extra_args)
        self.log = open(home / "server.log", "w")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.base = self._wait_ready()

    def _wait_ready(self, timeout: float = 90) -> str:
        deadline, base = time.monotonic() + timeout, None
        info = self.home / "runtime" / f"jpserver-{self.proc.pid}.json"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited ({self.proc.returncode}); see {self.home / 'server.log'}")
            if base is None and info.exists():
                try:
                    base = json.loads(info.read_text())["url"].rstrip("/")
                except (ValueError, KeyError):
                    pass
            if base:
                try:
                    with urllib.request.urlopen(f"{base}/api/status", timeout=5) as r:
                        if r.status == 200:
                            return base
                except Exception:  # noqa: BLE001 - still starting
                    pass
            time.sleep(0.2)
        raise TimeoutError(f"JupyterLab not ready; see {self.home / 'server.log'}")

    def shutdown_kernels(self) -> int:
        """Shut down every kernel the pages started (a closed page leaves its kernel running); return how many."""
        request = urllib.request.Request(f"{self.base}/api/kernels")
        with urllib.request.urlopen(request, timeout=10) as r:
            kernels = json.loads(r.read())
        for kernel in kernels:
            delete = urllib.request.Request(f"{self.base}/api/kernels/{kernel['id']}", method="DELETE")
            with urllib.request.urlopen(delete, timeout=30):
                pass
        return len(kernels)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def have_chromium() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


def accept_kernel_dialog(page) -> None:
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and "Select Kernel" in dialog.first.inner_text():
        dialog.locator(".jp-Dialog-button.jp-mod-accept").click()


def menu(page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{top}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}")).first.click()


def open_and_run_all(page, url: str) -> None:
    page.goto(url + ("&" if "?" in url else "?") + "reset")  # a fresh workspace: only this notebook open
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000, polling=100)
    accept_kernel_dialog(page)
    menu(page, "Run", "Run All Cells")
    page.wait_for_timeout(300)
    accept_kernel_dialog(page)


def wait_idle(page, timeout: int = 120_000) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function(KERNEL_IDLE_JS, timeout=timeout, polling=200)


def write_notebook(path: Path, sources: list[str]) -> None:
    """A notebook of code cells (Python 3 kernel) for a browser test to open."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
