"""The client of the hand-in service: what the learner's kernel and the teacher's terminal call.

It sends the hub token of the server it runs in (``$JUPYTERHUB_API_TOKEN``: the learner's server in a
learner's kernel, the teacher's in the teacher's terminal), so the service knows who is asking from
the hub, never from the file. The service's address is ``$LESSONS_EXCHANGE_URL`` (for example
``http://hub.example.edu/services/lessons-exchange``, or inside the cluster
``http://proxy-public/services/lessons-exchange``). Standard library only (urllib).
"""
from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone

URL_ENV = "LESSONS_EXCHANGE_URL"
TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
TIMEOUT = 60.0


class ServiceError(RuntimeError):
    """The service refused or could not be reached; the message is the sentence to show."""

    def __init__(self, message: str, status: int = 0):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Reply:
    """A successful answer: the HTTP status and the JSON document (with its 'message')."""

    status: int
    doc: dict

    @property
    def message(self) -> str:
        return str(self.doc.get("message", ""))


def configured_url() -> str | None:
    """The hand-in service's address set for this hub, or None."""
    value = os.environ.get(URL_ENV, "").strip()
    return value.rstrip("/") if value else None


def parse_time(text: str) -> datetime:
    """A receipt's ISO time as an aware UTC datetime."""
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


class ServiceClient:
    """Talks to the hand-in service with one hub token."""

    def __init__(self, url: str, token: str | None = None):
        self.url = url.rstrip("/")
        self.token = token if token is not None else os.environ.get(TOKEN_ENV, "")

    def call(self, method: str, path: str, body: bytes | None = None) -> Reply:
        """One request; raise ServiceError with the service's sentence when it refuses."""
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"token {self.token}"
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(f"{self.url}/{path.lstrip('/')}", data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as reply:
                return Reply(reply.status, _json(reply.read()))
        except urllib.error.HTTPError as exc:
            doc = _json(exc.read())
            raise ServiceError(str(doc.get("message") or f"The hand-in service answered HTTP {exc.code}."),
                               exc.code) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ServiceError(f"The hand-in service at {self.url} cannot be reached ({reason}): try again in a "
                               "minute; if it goes on, tell your teacher.") from None

    def hand_in(self, content: bytes) -> Reply:
        return self.call("POST", "api/hand-ins", content)

    def mine(self) -> list[dict]:
        return list(self.call("GET", "api/hand-ins").doc.get("hand_ins") or [])

    def whoami(self) -> dict:
        return self.call("GET", "api/whoami").doc

    def class_view(self) -> dict:
        """Teacher: every receipt and the refusals counted per account."""
        return self.call("GET", "api/class").doc

    def content(self, hand_in_id: str) -> bytes:
        """One hand-in's bytes (its learner's own, or any for a teacher)."""
        doc = self.call("GET", f"api/hand-ins/{urllib.parse.quote(hand_in_id, safe='')}").doc
        try:
            return base64.b64decode(str(doc.get("content") or ""), validate=True)
        except ValueError:
            raise ServiceError(f"The hand-in service sent hand-in {hand_in_id} damaged: collect again.") from None


def _json(raw: bytes) -> dict:
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}
