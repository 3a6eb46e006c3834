"""Three small front-end widgets the quiz needs and ipywidgets does not offer accessibly.

``ChoiceGroup``: the options of a single-choice, true/false or multiple-choice question as one
named group (``role=radiogroup`` / ``group``, named after the question): radios share a ``name``
so Tab enters the group once and the arrow keys move the choice; checkboxes take Space, and the
arrow keys move between them. ``LiveStatus``: a feedback area that is a persistent ARIA live
region (``role=status``), so screen readers announce each new feedback sentence.
``FilePicker``: a "Load answers from a file" button whose label is just that (ipywidgets'
FileUpload always adds a count, "(0)"). All draw visible focus rings (3 px, #1a5fb4: 6.4 : 1
against white).
"""
from __future__ import annotations

import anywidget
import traitlets as T

FOCUS_CSS = """
.lessons-choices fieldset { border: 0; margin: 0; padding: 0; }
.lessons-choices label { display: flex; align-items: center; gap: 0.5em; padding: 2px 4px; cursor: pointer;
  line-height: 1.4; }
.lessons-choices input { width: 1.1em; height: 1.1em; margin: 0; flex: none; }
.lessons-choices input:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
.lessons-choices label:focus-within { background: #e8f0fb; }
"""

CHOICE_ESM = """
let counter = 0;
// Keys pressed on a quiz's radios, checkboxes and dropdowns belong to them, not to the notebook:
// JupyterLab and Notebook 7 would take ArrowUp/ArrowDown/Space/Enter as notebook shortcuts (select
// another cell) and move the focus away. Caught on window, before the notebook's own listeners;
// the browser's default action (move the choice, open the list) still happens.
if (!window.__lessonsKeys) {
  window.__lessonsKeys = true;
  window.addEventListener("keydown", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLElement) || !target.closest(".lessons-question")) return;
    const control = target.tagName === "SELECT" ? "select" : (target.type || "");
    if (!["radio", "checkbox", "select"].includes(control)) return;
    if (!/^(Arrow|Home|End|Page|Enter| )/.test(event.key)) return;
    event.stopPropagation();
    if (control === "checkbox" && event.key.startsWith("Arrow")) {
      const boxes = [...target.closest(".lessons-choice-group").querySelectorAll("input")];
      const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
      event.preventDefault();
      boxes[(boxes.indexOf(target) + step + boxes.length) % boxes.length].focus();
    }
  }, true);
}
function render({ model, el }) {
  const group = document.createElement("div");
  group.className = "lessons-choice-group widget-radio-box";
  group.setAttribute("data-lm-suppress-shortcuts", "true");
  el.classList.add("lessons-choices");
  el.appendChild(group);
  const name = "lessons-choice-" + Date.now().toString(36) + "-" + (counter++);
  function draw() {
    const multiple = model.get("multiple");
    const chosen = new Set(model.get("value"));
    group.replaceChildren();
    group.setAttribute("role", multiple ? "group" : "radiogroup");
    group.setAttribute("aria-label", model.get("label"));
    model.get("options").forEach((option, index) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = multiple ? "checkbox" : "radio";
      input.name = name;
      input.value = option;
      input.checked = chosen.has(option);
      input.disabled = model.get("disabled");
      input.addEventListener("change", () => {
        const picked = [...group.querySelectorAll("input")].filter(i => i.checked).map(i => i.value);
        model.set("value", picked);
        model.save_changes();
      });
      const text = document.createElement("span");
      text.textContent = option;
      label.append(input, text);
      group.appendChild(label);
    });
  }
  function sync() {
    const chosen = new Set(model.get("value"));
    const inputs = [...group.querySelectorAll("input")];
    const same = inputs.length === model.get("options").length
      && inputs.every((input, i) => input.value === model.get("options")[i]);
    if (!same) return draw();
    inputs.forEach(input => { input.checked = chosen.has(input.value); input.disabled = model.get("disabled"); });
  }
  draw();
  model.on("change:value", sync);
  model.on("change:disabled", sync);
  model.on("change:options", draw);
  model.on("change:multiple", draw);
  model.on("change:label", draw);
}
export default { render };
"""

STATUS_ESM = """
// Keys pressed in a question stay with its controls: JupyterLab and Notebook 7 would otherwise take
// ArrowUp/ArrowDown/Space/Enter on a radio, checkbox, dropdown or button as notebook shortcuts (select
// another cell). Lumino skips shortcuts inside an element marked data-lm-suppress-shortcuts.
function keepKeys(el, tries) {
  const question = el.closest(".lessons-question");
  if (!question) { if (tries < 100) setTimeout(() => keepKeys(el, tries + 1), 100); return; }
  if (question.dataset.lessonsKeys) return;
  question.dataset.lessonsKeys = "1";
  question.setAttribute("data-lm-suppress-shortcuts", "true");
  question.addEventListener("keydown", (event) => {
    const target = event.target;
    if (target && target.tagName === "SELECT" && /^(Arrow|Home|End|Page|Enter| )/.test(event.key)) {
      event.stopPropagation();
    }
  });
}
function render({ model, el }) {
  keepKeys(el, 0);
  const region = document.createElement("div");
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  region.className = "lessons-live";
  el.appendChild(region);
  const show = () => { region.innerHTML = model.get("value"); };
  show();
  model.on("change:value", show);
}
export default { render };
"""


class ChoiceGroup(anywidget.AnyWidget):
    """Radio buttons (``multiple=False``) or checkboxes as one group named ``label``.

    ``value`` is the list of chosen options (at most one for radios).
    """

    _esm = CHOICE_ESM
    _css = FOCUS_CSS
    options = T.List(T.Unicode()).tag(sync=True)
    value = T.List(T.Unicode()).tag(sync=True)
    multiple = T.Bool(False).tag(sync=True)
    label = T.Unicode("").tag(sync=True)
    disabled = T.Bool(False).tag(sync=True)


class LiveStatus(anywidget.AnyWidget):
    """An HTML area announced by screen readers when ``value`` changes (``role=status``)."""

    _esm = STATUS_ESM
    value = T.Unicode("").tag(sync=True)


PICKER_ESM = """
function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "lessons-file-button jupyter-button";
  const input = document.createElement("input");
  input.type = "file";
  input.style.display = "none";
  const label = () => { button.textContent = model.get("label"); input.accept = model.get("accept"); };
  label();
  model.on("change:label", label);
  button.addEventListener("click", () => { input.value = ""; input.click(); });
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      const bytes = new Uint8Array(reader.result);
      let text = "";
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      model.set("picked", { name: file.name, content: btoa(text), at: Date.now() });
      model.save_changes();
    };
    reader.readAsArrayBuffer(file);
  });
  el.append(button, input);
}
export default { render };
"""

PICKER_CSS = """
.lessons-file-button { padding: 2px 12px; border: 1px solid #1a5fb4; border-radius: 4px; background: #fff;
  color: #1a5fb4; font-weight: bold; cursor: pointer; height: auto; min-height: 28px; }
.lessons-file-button:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
"""


class FilePicker(anywidget.AnyWidget):
    """A button that opens the browser's file chooser; ``picked`` becomes {name, content (base64), at}."""

    _esm = PICKER_ESM
    _css = PICKER_CSS
    label = T.Unicode("Load answers from a file").tag(sync=True)
    accept = T.Unicode(".json").tag(sync=True)
    picked = T.Dict().tag(sync=True)
