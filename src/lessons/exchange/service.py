"""``python -m lessons.exchange.service``: run the hand-in service (a JupyterHub service).

Run by JupyterHub as a managed service (``c.JupyterHub.services``: the hub sets JUPYTERHUB_API_TOKEN,
JUPYTERHUB_API_URL, JUPYTERHUB_SERVICE_URL, JUPYTERHUB_SERVICE_PREFIX, JUPYTERHUB_SERVICE_NAME), or
on its own as an external service with the same variables set by hand. Settings, each from the command
line or else the environment:

* ``--data`` / ``LESSONS_EXCHANGE_DATA``: the service's own folder (its volume), default ./lessons-exchange-data
* ``--teachers-group`` / ``LESSONS_TEACHER_GROUP``: the hub group of teachers, default ``teachers``
* ``--max-bytes`` / ``LESSONS_EXCHANGE_MAX_BYTES``: bytes per hand-in, default 2,000,000
* ``--max-hand-ins`` / ``LESSONS_EXCHANGE_MAX_HAND_INS``: hand-ins kept per learner, default 200
* ``--ip`` / ``LESSONS_EXCHANGE_IP``: the interface to listen on (0.0.0.0 on Kubernetes), default the url's host
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

from lessons.exchange.service_requests import DEFAULT_MAX_BYTES, DEFAULT_MAX_HAND_INS, Limits


def _options(argv: list[str] | None) -> argparse.Namespace:
    env = os.environ
    p = argparse.ArgumentParser(prog="python -m lessons.exchange.service", description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default=env.get("LESSONS_EXCHANGE_DATA", "lessons-exchange-data"),
                   help="the service's own folder (its volume): made 0700, holds hand-ins.sqlite "
                        "(default: $LESSONS_EXCHANGE_DATA, else ./lessons-exchange-data)")
    p.add_argument("--teachers-group", default=env.get("LESSONS_TEACHER_GROUP", "teachers"),
                   help="the hub group whose members list and collect (default: $LESSONS_TEACHER_GROUP, else teachers)")
    p.add_argument("--max-bytes", type=int, default=int(env.get("LESSONS_EXCHANGE_MAX_BYTES", DEFAULT_MAX_BYTES)),
                   help=f"largest hand-in kept, in bytes (default: $LESSONS_EXCHANGE_MAX_BYTES, else {DEFAULT_MAX_BYTES})")
    p.add_argument("--max-hand-ins", type=int,
                   default=int(env.get("LESSONS_EXCHANGE_MAX_HAND_INS", DEFAULT_MAX_HAND_INS)),
                   help="hand-ins kept per learner (default: $LESSONS_EXCHANGE_MAX_HAND_INS, else "
                        f"{DEFAULT_MAX_HAND_INS})")
    p.add_argument("--url", default=env.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"),
                   help="the service's address, whose port it listens on (default: $JUPYTERHUB_SERVICE_URL)")
    p.add_argument("--ip", default=env.get("LESSONS_EXCHANGE_IP", ""),
                   help="the interface to listen on (default: the host of --url; 0.0.0.0 in a Kubernetes pod, "
                        "where the url names the hub's Service)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Start the service and serve until stopped."""
    from jupyterhub.services.auth import HubAuth, HubOAuth
    from tornado.httpserver import HTTPServer
    from tornado.ioloop import IOLoop

    from lessons.exchange.service_app import Settings, make_app, teachers_warning
    from lessons.exchange.service_store import Store

    args = _options(argv)
    logging.basicConfig(level=logging.INFO, format="[lessons-exchange %(asctime)s] %(message)s")
    log = logging.getLogger("lessons.exchange.service")
    name = os.environ.get("JUPYTERHUB_SERVICE_NAME", "lessons-exchange")
    auth = HubOAuth(cache_max_age=60) if os.environ.get("JUPYTERHUB_CLIENT_ID") else HubAuth(cache_max_age=60)
    if not auth.access_scopes:
        auth.access_scopes = {f"access:services!service={name}"}
    store = Store(Path(args.data))
    settings = Settings(store, Limits(args.max_bytes, args.max_hand_ins), args.teachers_group, name, auth)
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    where = urlparse(args.url)
    app = make_app(settings, prefix)
    server = HTTPServer(app, max_body_size=args.max_bytes + (1 << 16), body_timeout=120,
                        xheaders=True)
    server.listen(where.port or 80, args.ip or where.hostname or "127.0.0.1")
    log.info("hand-in service %s on %s%s, data in %s, teachers: hub group %r, limits %s bytes and %s hand-ins",
                 name, args.url, prefix, store.folder, args.teachers_group, args.max_bytes, args.max_hand_ins)
    async def check_teachers() -> None:
        warning = await teachers_warning(app.settings["teachers"])
        if warning:
            log.warning("hand-in service: %s", warning)

    IOLoop.current().add_callback(check_teachers)
    try:
        IOLoop.current().start()
    except KeyboardInterrupt:
        pass
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
