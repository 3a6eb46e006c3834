"""The hand-in service's web app (tornado): who is asking comes from JupyterHub, what they may do from here.

Every request is identified by JupyterHub (``HubAuth``/``HubOAuth``: the hub account that owns the token
in ``Authorization: token ...``, or the OAuth cookie of a browser); the token must carry the scope
``access:services!service=<name>``. Learners hand in and see their own receipts; members of the
teachers' hub group (read with the service's own token) list and collect everyone's. Every answer is
JSON ``{"message": <a sentence>, ...}``, refusals included; nothing a request holds makes a 500.

Routes under the service prefix (``/services/lessons-exchange/`` behind the hub's proxy)::

  GET  api/whoami              the account, teacher or not, the limits
  POST api/hand-ins            hand in (the body is the answers file); 201 with the receipt
  GET  api/hand-ins            my receipts
  GET  api/hand-ins/<id>       one hand-in with its content: its own learner or a teacher
  GET  api/class               teacher: every receipt and the refusals counted per account
  GET  (the prefix itself)     a browser's page of the visitor's own receipts (after the hub's OAuth login)

A teacher collects with ``api/class`` and then one ``api/hand-ins/<id>`` per learner (the hand-in taken),
so no answer ever holds the whole class's files. Every body is read to its end before the answer (see
``JsonHandler``).
"""
from __future__ import annotations

import base64
import html
import json
import secrets
import time
from dataclasses import dataclass

from jupyterhub.services.auth import HubAuth, HubAuthenticated, HubOAuth, HubOAuthCallbackHandler, UserNotAllowed
from jupyterhub.utils import url_path_join
from tornado import web
from tornado.http1connection import HTTP1Connection
from tornado.httpclient import AsyncHTTPClient, HTTPClientError

from lessons.exchange.service_requests import (Accepted, Limits, Refused, check_body, check_query, declared_size,
                                               too_large, too_many)
from lessons.exchange.service_store import Store, StoreFull

GROUP_CACHE_SECONDS = 10.0
MAX_STREAMED = 1 << 30  # a body over the limit is counted (not kept) up to this; a larger one is cut off
NO_CHANGE = ("Hand-ins cannot be changed or deleted, not even your own: hand in again instead; every hand-in "
             "is kept with the time the service received it.")


@dataclass
class Settings:
    """What the handlers share: the store, the limits, the teachers' group, the service's name."""

    store: Store
    limits: Limits
    teachers_group: str
    service_name: str
    hub_auth: HubAuth


class TeacherGroup:
    """Members of the teachers' hub group, read with the service's token and kept for a few seconds."""

    def __init__(self, hub_auth: HubAuth, group: str):
        self.hub_auth, self.group = hub_auth, group
        self._members: set[str] = set()
        self._read_at = -1e9

    async def members(self) -> set[str]:
        if time.monotonic() - self._read_at < GROUP_CACHE_SECONDS:
            return self._members
        url = url_path_join(self.hub_auth.api_url, "groups", self.group)
        try:
            reply = await AsyncHTTPClient().fetch(url, headers={"Authorization": f"token {self.hub_auth.api_token}"})
            self._members = set(json.loads(reply.body).get("users") or [])
        except HTTPClientError as exc:
            if exc.code != 404:  # no such group yet: nobody is a teacher
                raise web.HTTPError(503, reason="group") from None
            self._members = set()
        self._read_at = time.monotonic()
        return self._members


async def teachers_warning(teachers: TeacherGroup) -> str:
    """A sentence for the service's log when nobody can be a teacher yet ('' when the group is readable)."""
    try:
        members = await teachers.members()
    except web.HTTPError:
        return (f"cannot read the hub group {teachers.group!r}: give the service the scope "
                f"read:groups!group={teachers.group} (teacher guide); until then nobody can list or collect")
    if not members:
        return (f"the hub group {teachers.group!r} has no members, or the service lacks the scope "
                f"read:groups!group={teachers.group} (the hub answers both the same): nobody can list or collect")
    return ""


@web.stream_request_body
class JsonHandler(HubAuthenticated, web.RequestHandler):
    """Identifies the sender with the hub before anything else; answers in JSON sentences.

    Every body is read to its end (kept up to ``_keep`` bytes, the rest counted and dropped) before any
    answer, refusals included: a connection closed before its body was read would be reused by the hub's
    proxy for another learner's request, which would then get a bare 503.
    """

    def initialize(self, settings: Settings, teachers: TeacherGroup) -> None:
        self.cfg, self.teachers = settings, teachers
        self.hub_auth = settings.hub_auth
        self.account = ""
        self._body, self._seen, self._keep = bytearray(), 0, 0
        self._preparing = False
        self._later: tuple[int, str, dict] | None = None

    def check_xsrf_cookie(self) -> None:
        """Not used: a change is only accepted with a token in the header (see ``require_token``)."""

    def data_received(self, chunk: bytes) -> None:
        self._seen += len(chunk)
        room = self._keep + 1 - len(self._body)
        if room > 0:
            self._body += chunk[:room]

    def say(self, status: int, message: str, **extra) -> None:
        if self._preparing:  # answered once the body has been read (see the class docstring)
            self._later = (status, message, extra)
            return
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps({"message": message, **extra}))

    def refuse(self, refused: Refused) -> None:
        if self.account:
            self.cfg.store.refuse(self.account, refused.reason)
        self.say(refused.status, refused.message)

    async def prepare(self) -> None:
        if isinstance(self.request.connection, HTTP1Connection):
            self.request.connection.set_max_body_size(MAX_STREAMED)
        self._preparing = True
        try:
            if await self.identify():
                await self.check_request()
        finally:
            self._preparing = False
        if self._later is not None:
            size = declared_size(self.request.headers)
            if size is not None and size > MAX_STREAMED:  # too large even to read through: answer now
                return self.say(*self._later[:2], **self._later[2])
            setattr(self, self.request.method.lower(), self._answer_later)

    def _answer_later(self, *args) -> None:
        if self._later is not None:
            status, message, extra = self._later
            self.say(status, message, **extra)

    async def check_request(self) -> None:
        """More checks before the body is read (a handler's own); refuse with ``say``/``refuse``."""

    async def identify(self) -> bool:
        """Who sent the request, from the hub; False (and a refusal said) when nobody the service serves."""
        try:
            model = await self.hub_auth.get_user(self, sync=False)
        except web.HTTPError:
            self.say(502, "The hand-in service cannot reach JupyterHub to check who you are: try again "
                     "in a minute; if it goes on, tell your teacher.")
            return False
        if not model:
            if self.hub_auth.get_token(self, in_cookie=False):
                self.say(403, "JupyterHub does not know this token (it is wrong or has expired): hand in "
                         "from your notebook on the hub, which sends its own token.")
            else:
                self.say(401, "No hub token came with this request: hand in from your notebook on the hub "
                         "(its server's token is sent for you), or log in to the hub first.")
            return False
        try:
            self._hub_auth_user_cache = self.check_hub_user(model)
        except UserNotAllowed:
            self.say(403, f"Your hub token may not use the hand-in service: it lacks the scope "
                     f"access:services!service={self.cfg.service_name}. The hub administrator grants it "
                     "to learners (teacher guide: the hand-in service).")
            return False
        if model.get("kind", "user") != "user":
            self.say(403, f"Only hub users hand in or collect; {model.get('kind')} {model.get('name')!r} cannot.")
            return False
        self.account = str(model["name"])
        return True

    def require_token(self) -> bool:
        """Changes need the token in the header (a browser's cookie alone could be used by another page)."""
        if getattr(self, "_token_authenticated", False):
            return True
        self.say(403, "Hand in from your notebook (it sends your server's hub token); a browser page cannot hand in.")
        return False

    async def is_teacher(self) -> bool:
        try:
            return self.account in await self.teachers.members()
        except web.HTTPError:
            return False

    async def require_teacher(self, what: str) -> bool:
        try:
            if self.account in await self.teachers.members():
                return True
        except web.HTTPError:
            self.say(503, f"The hand-in service cannot read the hub group '{self.cfg.teachers_group}', so it cannot "
                     f"tell who is a teacher: the hub administrator gives the service the scope "
                     f"read:groups!group={self.cfg.teachers_group} (teacher guide).")
            return False
        self.cfg.store.refuse(self.account, f"not a teacher: {what}")
        self.say(403, f"Only teachers (members of the hub group '{self.cfg.teachers_group}') can {what}; you are "
                 f"{self.account}. You can see your own hand-ins and receipts.")
        return False

    def write_error(self, status_code: int, **kwargs) -> None:
        reason = "The hand-in service could not answer this request"
        if status_code == 405:
            reason = NO_CHANGE
        elif status_code < 500:
            reason = f"This request was refused (HTTP {status_code})"
        self.say(status_code, reason + ".")

    def _no_change(self, *args, **kwargs) -> None:
        self.cfg.store.refuse(self.account, "change or delete") if self.account else None
        self.say(405, NO_CHANGE)

    put = patch = delete = _no_change


class HandInsHandler(JsonHandler):
    """POST: hand in (at most max_bytes kept, the rest counted); GET: my receipts."""

    async def check_request(self) -> None:
        if self.request.method != "POST" or not self.require_token():
            return
        refused = check_query(self.request.arguments)
        if refused:
            return self.refuse(refused)
        size = declared_size(self.request.headers)
        if size is not None and size > MAX_STREAMED:
            return self.refuse(too_large(size, self.cfg.limits))
        self._keep = self.cfg.limits.max_bytes

    def post(self) -> None:
        checked = check_body(bytes(self._body), self._seen, self.cfg.limits)
        if not isinstance(checked, Accepted):
            return self.refuse(checked)
        try:
            receipt = self.cfg.store.add(self.account, bytes(self._body), checked.name, checked.answered,
                                         self.cfg.limits.max_hand_ins)
        except StoreFull as full:
            return self.refuse(too_many(full.args[0], self.cfg.limits))
        count = self.cfg.store.count(self.account)
        self.say(201, f"Handed in as {self.account} at {receipt.received_at[11:19]} UTC (the service's clock), "
                 f"{receipt.size:,} bytes; hand-in {count} of at most {self.cfg.limits.max_hand_ins}. "
                 "Handing in again keeps this one too; your teacher takes your last one before the deadline.",
                 receipt=receipt.to_json())

    def get(self) -> None:
        mine = [r.to_json() for r in self.cfg.store.receipts(self.account)]
        self.say(200, f"{len(mine)} hand-in(s) by {self.account}.", hand_ins=mine, account=self.account)


class OneHandInHandler(JsonHandler):
    """GET one hand-in with its content: its learner's own, or any for a teacher."""

    async def get(self, hand_in_id: str) -> None:
        found = self.cfg.store.content(hand_in_id)
        if found is None or (found[0].account != self.account and not await self.is_teacher()):
            self.cfg.store.refuse(self.account, "not yours")
            return self.say(404, f"You have no hand-in with the id {hand_in_id[:40]!r}: you can see only your own "
                            "hand-ins.")
        receipt, content = found
        self.say(200, f"Hand-in {receipt.id} by {receipt.account}.", receipt=receipt.to_json(),
                 content=base64.b64encode(content).decode("ascii"))

    def post(self, *args) -> None:
        self._no_change()


class ReceiptsPage(JsonHandler):
    """The service's page in a browser (its address on the hub): the visitor's own receipts, after the hub's
    OAuth login. Read-only: handing in needs the server's token (the notebook's Hand in button)."""

    async def identify(self) -> bool:
        if self.request.method == "GET" and not self.hub_auth.get_token(self, in_cookie=True) \
                and isinstance(self.hub_auth, HubOAuth):
            self.redirect(self.get_login_url())  # the hub asks who this is, then sends the browser back
            return False
        return await super().identify()

    def get(self, *args) -> None:
        rows = "".join(f"<tr><td>{html.escape(r.received_at[:19].replace('T', ' '))} UTC</td><td>{r.size:,}</td>"
                       f"<td>{html.escape(r.name)}</td><td>{sum(r.answered.values()) if r.answered else 0}</td></tr>"
                       for r in self.cfg.store.receipts(self.account))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Your hand-ins</title>"
                    "<style>body{font-family:sans-serif;margin:2rem;max-width:50rem;line-height:1.5}"
                    "table{border-collapse:collapse}th,td{border:1px solid #777;padding:4px 8px;text-align:left}"
                    "caption{text-align:left;font-weight:bold}</style></head>"
                    f"<body><main><h1>Hand-ins by {html.escape(self.account)}</h1>"
                    f"<p>Every hand-in is kept with the time the service received it; your teacher takes your "
                    f"last one before the deadline. Hand in with the Hand in button under a quiz.</p>"
                    f"<table class='lessons-receipts'><caption>Your receipts, oldest first</caption><thead><tr>"
                    f"<th scope='col'>received</th><th scope='col'>bytes</th><th scope='col'>name in the file</th>"
                    f"<th scope='col'>answers</th></tr></thead><tbody>{rows}</tbody></table></main></body></html>")


class WhoAmIHandler(JsonHandler):
    async def get(self) -> None:
        teacher = await self.is_teacher()
        self.say(200, f"You are {self.account}{' (a teacher)' if teacher else ''}.", account=self.account,
                 teacher=teacher, max_bytes=self.cfg.limits.max_bytes, max_hand_ins=self.cfg.limits.max_hand_ins)


class ClassHandler(JsonHandler):
    """Teacher: every receipt and every refusal count."""

    async def get(self) -> None:
        if not await self.require_teacher("list the class's hand-ins"):
            return
        receipts = [r.to_json() for r in self.cfg.store.receipts()]
        refusals = [vars(r) for r in self.cfg.store.refusals()]
        self.say(200, f"{len(receipts)} hand-in(s).", hand_ins=receipts, refusals=refusals)


class NotFoundHandler(JsonHandler):
    async def get(self, *args) -> None:
        self.say(404, "No such address in the hand-in service: see the teacher guide for its addresses.")

    post = get


class OAuthCallbackHandler(HubOAuthCallbackHandler):
    """JupyterHub's OAuth callback (a browser logging in to the service), its errors as sentences."""

    def initialize(self, hub_auth: HubOAuth) -> None:
        self.hub_auth = hub_auth  # the service's own (it holds the login's state), not a fresh singleton

    def write_error(self, status_code: int, **kwargs) -> None:
        error = kwargs.get("exc_info", (None, None))[1]
        detail = getattr(error, "log_message", None) or "the hub's answer was incomplete"
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"message": f"Logging in to the hand-in service did not complete ({detail}): "
                                           "open the service's address again from the hub."}))


def make_app(settings: Settings, prefix: str) -> web.Application:
    """The tornado application under ``prefix`` (the service's prefix on the hub's proxy)."""
    teachers = TeacherGroup(settings.hub_auth, settings.teachers_group)
    shared = {"settings": settings, "teachers": teachers}
    api = url_path_join(prefix, "api")
    routes: list[tuple] = [
        (url_path_join(api, "whoami"), WhoAmIHandler, shared),
        (url_path_join(api, "hand-ins"), HandInsHandler, shared),
        (url_path_join(api, "hand-ins", r"([^/]+)"), OneHandInHandler, shared),
        (url_path_join(api, "class"), ClassHandler, shared),
    ]
    if isinstance(settings.hub_auth, HubOAuth):
        routes.append((url_path_join(prefix, "oauth_callback"), OAuthCallbackHandler, {"hub_auth": settings.hub_auth}))
    routes.append((prefix.rstrip("/") + r"/?", ReceiptsPage, shared))
    routes.append((r"(.*)", NotFoundHandler, shared))
    return web.Application(routes, cookie_secret=secrets.token_bytes(32), teachers=teachers)
