"""A real JupyterHub on localhost for the hub test and the class-at-once bench (root only).

Real Unix users (created here, removed by ``cleanup``), JupyterHub from PyPI with
configurable-http-proxy from npm, the DummyAuthenticator with one shared password (no PAM), the
LocalProcessSpawner running each user's ``jupyterhub-singleuser`` from this repository's venv, and
a class exchange made by the teacher with ``lessons exchange-setup``.
"""
from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
PASSWORD = "classroom-test"
MARK = "lessons hub test"  # GECOS comment of every user made here (so leftovers can be found and removed)


def prerequisites() -> list[str]:
    """What is missing to run a hub here (empty when all is present)."""
    missing = []
    if os.geteuid() != 0:
        missing.append("root (the hub test creates Unix users)")
    if not shutil.which("configurable-http-proxy"):
        missing.append("configurable-http-proxy (npm install -g configurable-http-proxy)")
    for tool in ("useradd", "userdel", "runuser", "git"):
        if not shutil.which(tool):
            missing.append(tool)
    if not (VENV_BIN / "jupyterhub-singleuser").exists():
        missing.append("jupyterhub in this Python (pip install -e '.[test]')")
    import importlib.util

    if importlib.util.find_spec("nbgitpuller") is None:  # found without importing it (its server extension needs a server)
        missing.append("nbgitpuller in this Python (pip install -e '.[test]')")
    return missing


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _user_pids(uids: set[int]) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid in uids:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def users_need() -> list[Path]:
    """Folders other users must be able to pass through to run this venv's Python and the package."""
    return [VENV_BIN, Path(os.path.realpath(sys.executable)).parent, Path(sys.base_prefix) / "lib",
            ROOT / "src" / "lessons", ROOT / "course"]


class Traversable:
    """Give 'others' search (x) permission on the folders above a path, and put the modes back after."""

    def __init__(self) -> None:
        self.changed: list[tuple[Path, int]] = []

    def allow(self, path: Path) -> None:
        for folder in [path, *path.parents]:
            mode = folder.stat().st_mode
            if stat.S_ISDIR(mode) and not mode & stat.S_IXOTH:
                self.changed.append((folder, stat.S_IMODE(mode)))
                os.chmod(folder, stat.S_IMODE(mode) | stat.S_IXOTH)

    def restore(self) -> None:
        for folder, mode in reversed(self.changed):
            try:
                os.chmod(folder, mode)
            except OSError:
                pass
        self.changed.clear()


class Users:
    """Unix accounts made for the test, each with a home under ``base``."""

    def __init__(self, base: Path, prefix: str):
        self.base, self.prefix, self.names = base, prefix, []

    def add(self, short: str) -> str:
        name = f"{self.prefix}{short}"
        self.remove_stale(name)
        home = self.base / "home" / name
        home.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
                        "--comment", MARK, "--user-group", name], check=True, capture_output=True)
        self.names.append(name)
        settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
        for sub, value in (("notebook-extension/tracker.jupyterlab-settings", {"windowingMode": "none"}),
                           ("apputils-extension/notification.jupyterlab-settings",
                            {"fetchNews": "false", "checkForUpdates": False})):
            (settings / sub).parent.mkdir(parents=True, exist_ok=True)
            (settings / sub).write_text(json.dumps(value))
        subprocess.run(["chown", "-R", f"{name}:{name}", str(home / ".jupyter")], check=True)
        return name

    @staticmethod
    def remove_stale(name: str) -> None:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            return
        if entry.pw_gecos != MARK:
            raise RuntimeError(f"user {name} exists and was not made by the hub test; not touching it")
        Users._kill({entry.pw_uid})
        subprocess.run(["userdel", "--remove", "--force", name], capture_output=True)

    @staticmethod
    def _kill(uids: set[int]) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            pids = _user_pids(uids)
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
            time.sleep(1.0)

    def uid(self, name: str) -> int:
        return pwd.getpwnam(name).pw_uid

    def home(self, name: str) -> Path:
        return Path(pwd.getpwnam(name).pw_dir)

    def run_as(self, name: str, args: list[str], cwd: Path | None = None, env: dict | None = None,
               timeout: float = 120) -> subprocess.CompletedProcess:
        """Run a command as this user (runuser: real OS permission checks), capturing its output."""
        full_env = {"PATH": f"{VENV_BIN}:/usr/bin:/bin", "HOME": str(self.home(name)), "LANG": "C.UTF-8",
                    **(env or {})}
        return subprocess.run(["runuser", "-u", name, "--", "env", "-i",
                               *(f"{k}={v}" for k, v in full_env.items()), *args],
                              cwd=cwd or self.home(name), capture_output=True, text=True, timeout=timeout)

    def cleanup(self) -> None:
        uids = set()
        for name in self.names:
            try:
                uids.add(self.uid(name))
            except KeyError:
                pass
        self._kill(uids)
        for name in self.names:
            subprocess.run(["userdel", "--remove", "--force", name], capture_output=True)
        self.names.clear()


def make_course_repository(base: Path, owner: str) -> Path:
    """The learners' course published as its own git repository (a bare one, cloned from a local path).

    It is the learner release (``lessons release --assessment``): quiz banks without answers, so
    learners never pull keys.
    """
    release = base / "release"
    subprocess.run([str(VENV_BIN / "lessons"), "release", "--assessment", str(release)], check=True,
                   capture_output=True, cwd=ROOT)
    git = ["git", "-c", "user.name=Teacher", "-c", "user.email=teacher@example.org", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q", str(release)], check=True)
    subprocess.run([*git, "-C", str(release), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(release), "commit", "-q", "-m", "Course release"], check=True)
    bare = base / "course-release"  # nbgitpuller names the learner's folder after the link's last part
    subprocess.run(["git", "clone", "-q", "--bare", str(release), str(bare)], check=True)
    subprocess.run(["chown", "-R", f"{owner}:{owner}", str(bare)], check=True)
    subprocess.run(["chmod", "-R", "a+rX", str(bare)], check=True)
    return bare


def pull_link(hub_url: str, repo: str, notebook: str, branch: str = "main") -> str:
    """The teacher guide's nbgitpuller link: hub/user-redirect/git-pull?repo=..&branch=..&urlpath=.."""
    target = Path(repo).name  # nbgitpuller's default target folder (a '.git' ending is kept)
    query = urllib.parse.urlencode({"repo": repo, "branch": branch,
                                    "urlpath": f"lab/tree/{target}/{notebook}"})
    return f"{hub_url}/hub/user-redirect/git-pull?{query}"


class Hub:
    """JupyterHub + configurable-http-proxy on loopback ports; ``stop`` ends it and every user's server."""

    def __init__(self, base: Path, users: list[str], admin: str, environment: dict[str, str],
                 api_token: str | None = None, concurrent_spawn: int = 100, extra_config: str = "",
                 extra_settings: dict | None = None):
        """``extra_config``: Python appended to the hub's config (it reads ``s``, the settings, which
        ``extra_settings`` adds to); used by the hand-in service test (tests/test_hub_service.py)."""
        self.base = base
        self.port, self.hub_port, self.api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api_token = api_token or secrets.token_hex(24)
        state = base / "hubstate"
        state.mkdir(mode=0o700, exist_ok=True)
        config = {
            "users": users, "admin": admin, "environment": environment, "token": self.api_token,
            "port": self.port, "hub_port": self.hub_port, "api_port": self.api_port, "state": str(state),
            "singleuser": str(VENV_BIN / "jupyterhub-singleuser"), "password": PASSWORD,
            "concurrent_spawn": concurrent_spawn, **(extra_settings or {}),
        }
        (state / "settings.json").write_text(json.dumps(config))
        (state / "jupyterhub_config.py").write_text(HUB_CONFIG + extra_config)
        env = dict(os.environ, PATH=f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
                   CONFIGPROXY_AUTH_TOKEN=secrets.token_hex(24), HUB_TEST_SETTINGS=str(state / "settings.json"))
        env.pop("JUPYTERHUB_API_TOKEN", None)
        self.log_path = state / "hub.log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", str(state / "jupyterhub_config.py")],
                                     cwd=state, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=5) as reply:
                    if reply.status == 200:
                        return
            except Exception:  # noqa: BLE001 - still starting
                pass
            time.sleep(0.3)
        raise TimeoutError(f"JupyterHub not ready in {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def api(self, method: str, path: str, body: dict | None = None, timeout: float = 30) -> tuple[int, dict]:
        """Call the hub's REST API with the admin service token."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/hub/api{path}", data=data, method=method,
                                         headers={"Authorization": f"token {self.api_token}",
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                raw = reply.read()
                return reply.status, (json.loads(raw) if raw else {})
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            try:
                return exc.code, json.loads(raw)
            except ValueError:
                return exc.code, {"message": raw.decode(errors="replace")}

    def start_servers(self, names: list[str]) -> None:
        """Ask the hub to start these users' servers (all at once; each answers 201 or 202)."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(len(names), 64) or 1) as pool:  # each POST may wait for its spawn
            replies = list(pool.map(lambda name: (name, *self.api("POST", f"/users/{name}/server", timeout=120)), names))
        for name, code, reply in replies:
            if code not in (201, 202, 400):  # 400: already running
                raise RuntimeError(f"starting {name}'s server: HTTP {code} {reply}\n{self.log_tail()}")

    def wait_servers(self, names: list[str], timeout: float = 180) -> dict[str, float]:
        """Wait until every named user's server is ready; return seconds until each was seen ready."""
        started, seen = time.monotonic(), {}
        while len(seen) < len(names) and time.monotonic() - started < timeout:
            for name in names:
                if name in seen:
                    continue
                code, reply = self.api("GET", f"/users/{name}")
                server = (reply.get("servers") or {}).get("", {}) if code == 200 else {}
                if server.get("ready"):
                    seen[name] = time.monotonic() - started
            time.sleep(0.5)
        if len(seen) < len(names):
            raise TimeoutError(f"servers not ready in {timeout:.0f} s: {sorted(set(names) - set(seen))}\n{self.log_tail()}")
        return seen

    def stop(self) -> None:
        """Stop the hub (it stops the users' servers), then make sure its process group is gone."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        pid_file = self.base / "hubstate" / "proxy.pid"
        groups = [self.proc.pid]
        try:
            groups.append(os.getpgid(int(pid_file.read_text().strip())))  # the proxy, if the hub left it
        except (OSError, ValueError):
            pass
        for group in groups:
            if group == os.getpgid(0):
                continue
            try:
                os.killpg(group, signal.SIGKILL)
            except OSError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self.log.close()


HUB_CONFIG = r'''
import json, os
s = json.load(open(os.environ["HUB_TEST_SETTINGS"]))
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = s["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = s["hub_port"]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%d" % s["api_port"]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = "sqlite:///" + os.path.join(s["state"], "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(s["state"], "cookie_secret")
c.ConfigurableHTTPProxy.pid_file = os.path.join(s["state"], "proxy.pid")
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = s["password"]
c.Authenticator.allowed_users = set(s["users"])
c.Authenticator.admin_users = {s["admin"]}
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [s["singleuser"]]
c.Spawner.default_url = "/lab"
c.Spawner.environment = s["environment"]
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.JupyterHub.concurrent_spawn_limit = s["concurrent_spawn"]
c.JupyterHub.cleanup_servers = True
c.JupyterHub.services = [{"name": "class-test", "api_token": s["token"]}]
c.JupyterHub.load_roles = [{"name": "class-test-admin", "scopes": ["admin:users", "admin:servers", "list:users", "read:users",
                                                                 "access:servers"],
                            "services": ["class-test"]}]
c.JupyterHub.log_level = "INFO"
'''


# The hand-in service on the hub, as the teacher guide configures it, with every learner's server run as
# ONE Unix account (the trust model of Zero to JupyterHub, where every pod runs as jovyan): only the hub's
# tokens tell learners apart. Used by tests/test_hub_service.py and bench/hand_in_service.py.
SERVICE_NAME = "lessons-exchange"
SERVICE_CONFIG = r'''
import pwd, sys
from jupyterhub.spawner import LocalProcessSpawner


class OneAccountSpawner(LocalProcessSpawner):
    """Every user's server runs as one Unix account (s["shared_account"]), each in its own home folder."""

    def make_preexec_fn(self, name):
        return super().make_preexec_fn(s["shared_account"])

    def user_env(self, env):
        env["USER"] = s["shared_account"]
        env["HOME"] = os.path.join(s["homes"], self.user.name)
        env["SHELL"] = "/bin/bash"
        return env


if s.get("shared_account"):
    c.JupyterHub.spawner_class = OneAccountSpawner
    c.Spawner.notebook_dir = os.path.join(s["homes"], "{username}")
service = s["service_name"]
c.JupyterHub.services.append({
    "name": service,
    "url": "http://127.0.0.1:%d" % s["service_port"],
    "command": [sys.executable, "-m", "lessons.exchange.service", "--data", s["service_data"]],
    "environment": {"LESSONS_TEACHER_GROUP": "teachers", **s.get("service_environment", {})},
    "display": False,
    "oauth_no_confirm": True,  # a learner opening the service's page is not asked to authorise it
})
# the learners' servers find the service through the hub's proxy (on Kubernetes: http://proxy-public/services/...)
c.Spawner.environment = {**s["environment"],
                         "LESSONS_EXCHANGE_URL": "http://127.0.0.1:%d/services/%s" % (s["port"], service)}
c.JupyterHub.load_groups = {"teachers": {"users": s["teachers"]}}
c.JupyterHub.load_roles.extend([
    # every user may use the service, and their server's token carries that right (the kernel sends it)
    {"name": "user", "scopes": ["self", "access:services!service=" + service]},
    # the service reads who is in the teachers' group, nothing else
    {"name": service, "scopes": ["read:groups!group=teachers"], "services": [service]},
])
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server",
                                 "access:services!service=" + service]
'''


def service_settings(base: Path, shared_account: str | None, teachers: list[str],
                     service_environment: dict[str, str] | None = None) -> dict:
    """The settings SERVICE_CONFIG reads: the shared account, the homes, the service's port and folder."""
    homes = base / "homes"
    homes.mkdir(exist_ok=True)
    os.chmod(homes, 0o755)
    return {"shared_account": shared_account, "homes": str(homes), "service_name": SERVICE_NAME,
            "service_port": free_port(), "service_data": str(base / "service-data"), "teachers": teachers,
            "service_environment": service_environment or {}}


def server_token(user: str) -> str:
    """The hub token of a user's running server, read from its process (what the user's kernels receive)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            env = dict(item.split("=", 1) for item in (entry / "environ").read_bytes().decode(errors="replace")
                       .split("\0") if "=" in item)
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if env.get("JUPYTERHUB_USER") == user and b"jupyterhub-singleuser" in cmdline and env.get("JUPYTERHUB_API_TOKEN"):
            return env["JUPYTERHUB_API_TOKEN"]
    raise LookupError(f"no running server of {user} found")
