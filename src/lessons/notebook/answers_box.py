"""Hand-in controls: a link that downloads the learner's answers file through the browser (works on
Binder, where the server's disk is not the learner's) and an upload to load an answers file back."""
from __future__ import annotations

import base64
import html

import ipywidgets as W
from IPython.display import display

from lessons.core import answers_file
from lessons.notebook.controls import FilePicker
from lessons.core.learner_ids import LearnerIdError, current, learner_id, save_current
from lessons.notebook.name_step import follow_learner, learner_changed
from lessons.notebook.responses import ResponseStore

LINK_STYLE = ("display:inline-block;padding:4px 10px;border:1px solid #1a5fb4;border-radius:4px;"
              "color:#1a5fb4;text-decoration:underline;font-weight:bold")


class DownloadLink:
    """A 'Download my answers' link that follows one learner's answers file: rebuilt whenever that file
    is saved in this kernel (from any quiz or check), so no link on the page offers old answers."""

    def __init__(self, widget: W.HTML):
        self.widget = widget
        self._stop = lambda: None

    def follow(self, store: ResponseStore, doc: dict | None = None) -> None:
        """Point the link at this learner's answers file (``doc``: the document just read, saves a read)."""
        self._stop()
        self.widget.value = download_link_html(store, doc)
        self._stop = store.watch(lambda saved: setattr(self.widget, "value", download_link_html(store, saved)))


def live_download_link(store: ResponseStore, widget: W.HTML, doc: dict | None = None) -> DownloadLink:
    """Show the learner's download link in ``widget``, kept up to date; return it (to re-point it later)."""
    link = DownloadLink(widget)
    link.follow(store, doc)
    return link


def download_link_html(store: ResponseStore, doc: dict | None = None) -> str:
    """An <a download> link carrying the learner's answers file as a data: URL.

    ``doc`` is the document just saved, when the caller has it (saves a read of the file).
    """
    data = store.export_bytes(doc)
    b64 = base64.b64encode(data).decode("ascii")
    filename = f"{store.id}-answers.json"
    return (f"<a class='lessons-download-link' download='{filename}' style='{LINK_STYLE}' "
            f"href='data:application/json;base64,{b64}'>⬇ Download my answers ({html.escape(filename)})</a> "
            "<small>Hand this file in, or keep it to carry on elsewhere.</small>")


def load_answers_bytes(raw: bytes, label: str) -> str:
    """Merge an answers file into the store of the learner it belongs to; return a message.

    The file's learner becomes the current learner; the caller tells the page (``learner_changed``).
    """
    try:
        doc = answers_file.parse(raw, label)
    except answers_file.AnswersFileError as exc:
        return f"⚠ {exc} Nothing was changed."
    name = doc["learner"]["name"] or doc["learner"]["id"]
    try:
        saved = current()
        switched = saved is None or saved[1] != learner_id(name)
        save_current(name)
        taken = ResponseStore(name).merge(doc)
    except LearnerIdError as exc:
        return f"⚠ The file's learner name cannot be used: {exc}"
    note = f" You are now answering as {name}." if switched else ""
    return (f"✔ Loaded {label}: {taken} answer(s) taken (newer answers already saved here were kept).{note} "
            "Every quiz on this page now shows them.")


def handin_area(key: str) -> W.VBox:
    """The hand-in area: 'Download my answers', 'Hand in' (on a hub with a class exchange) and
    'Load answers from a file'. Shown under every quiz and in 'Start here'; it follows the
    learner's name. New hand-in controls go here, so every quiz gets them.
    """
    saved = current()
    link = W.HTML("Save your name first, then answer a quiz.")
    link.add_class("lessons-download")
    download = DownloadLink(link)
    if saved:
        download.follow(ResponseStore(saved[0]))
    upload = FilePicker(label="Load answers from a file", accept=".json")
    upload.add_class("lessons-upload")
    message = W.HTML()
    message.add_class("lessons-upload-message")

    def on_pick(change) -> None:
        picked = change["new"] or {}
        if "content" not in picked:
            return
        try:
            raw = base64.b64decode(picked["content"], validate=True)
        except (ValueError, TypeError):
            raw = b""
        label = str(picked.get("name") or "the file")
        message.value = html.escape(load_answers_bytes(raw, label))
        now = current()
        if now and message.value.startswith("✔"):
            learner_changed(now[0])

    def follow(name: str) -> None:
        download.follow(ResponseStore(name))

    upload.observe(on_pick, names="picked")
    follow_learner(f"handin-{key}", follow)
    from lessons.notebook.hand_in_button import handin_button  # the class exchange's Hand in (hubs only)

    exchange = handin_button()
    box = W.VBox([W.HBox([link, upload], layout=W.Layout(flex_flow="row wrap", align_items="center")),
                  *([exchange] if exchange else []), message])
    box.add_class("lessons-handin")
    box.link = download  # the download link, for handin_follows
    return box


def handin_follows(area: W.VBox, store: ResponseStore, doc: dict | None = None) -> None:
    """Point a hand-in area's download link at this learner's answers."""
    area.link.follow(store, doc)


def show_handin() -> None:
    """Show 'Download my answers', 'Hand in' (hubs) and 'Load answers from a file'."""
    display(handin_area("start-here"))
