// One question of a quiz: its answer control, the Check/Save button, the attempts and the feedback.
// The Python side is lessons.notebook.question_widget.QuestionWidget; the traits are documented there.
//
// Two rules this file keeps (issue 24):
// - Every control on the page has its own identity: a radio group's name and each input's id come
//   from crypto.randomUUID() (or random bytes where the page is not a secure context), so no two
//   questions share a group and the arrow keys never leave a question.
// - The value checked is the value on screen at the click: the click reads the controls and sends
//   what they show in the same message ({event: "check", answer}); the kernel checks that.

const KEYS = /^(Arrow|Home|End|Page|Enter| )/;
const STEP = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

export function uniqueId() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") {
    return "lessons-" + c.randomUUID();
  }
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return "lessons-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Keys pressed on a quiz's radios, checkboxes and dropdowns belong to them, not to the notebook:
// JupyterLab and Notebook 7 would take ArrowUp/ArrowDown/Space/Enter as notebook shortcuts. Caught on
// window, before the notebook's own listeners; the browser's default action still happens.
function keepKeys(event) {
  const target = event.target;
  if (!(target instanceof HTMLElement) || !target.closest(".lessons-question")) {
    return;
  }
  const control = target.tagName === "SELECT" ? "select" : target.type || "";
  if (!["radio", "checkbox", "select"].includes(control) || !KEYS.test(event.key)) {
    return;
  }
  event.stopPropagation();
  if (control === "checkbox" && event.key in STEP) {
    const boxes = [...target.closest(".lessons-choice-group").querySelectorAll("input")];
    event.preventDefault();
    boxes[(boxes.indexOf(target) + STEP[event.key] + boxes.length) % boxes.length].focus();
  }
}

if (!globalThis.__lessonsKeys) {
  globalThis.__lessonsKeys = true;
  globalThis.addEventListener("keydown", keepKeys, true);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function choiceControl(form, label) {
  const multiple = form.control === "checkbox";
  const name = uniqueId();
  const group = element("div", "lessons-choice-group widget-radio-box");
  group.setAttribute("role", multiple ? "group" : "radiogroup");
  group.setAttribute("aria-label", label);
  for (const option of form.options || []) {
    const row = element("label");
    const input = element("input");
    input.type = multiple ? "checkbox" : "radio";
    input.name = name;
    input.value = option;
    row.append(input, element("span", "", option));
    group.appendChild(row);
  }
  const holder = element("div", "lessons-choices");
  holder.appendChild(group);
  const inputs = () => [...group.querySelectorAll("input")];
  return {
    node: holder,
    read: () => inputs().filter((i) => i.checked).map((i) => i.value),
    show: (value) => {
      const chosen = new Set(Array.isArray(value) ? value : []);
      inputs().forEach((i) => { i.checked = chosen.has(i.value); });
    },
  };
}

function textControl(form) {
  const id = uniqueId();
  const box = element("div", "lessons-answer-box");
  const label = element("label", "lessons-answer-label", form.label || "Answer:");
  label.htmlFor = id;
  const input = element(form.control === "textarea" ? "textarea" : "input", "lessons-answer-input");
  if (form.control !== "textarea") {
    input.type = "text";
  }
  input.id = id;
  input.placeholder = form.placeholder || "";
  box.append(label, input);
  return {
    node: box,
    read: () => input.value,
    show: (value) => {
      if (document.activeElement !== input) {
        input.value = typeof value === "string" ? value : "";
      }
    },
  };
}

function selectControl(form) {
  const rows = element("div", "lessons-items");
  const selects = {};
  for (const [itemId, text] of form.items || []) {
    const id = uniqueId();
    const row = element("div", "lessons-item lessons-item-" + itemId);
    const label = element("label", "lessons-item-label", text);
    label.htmlFor = id;
    const select = element("select");
    select.id = id;
    for (const choice of form.choices || []) {
      select.appendChild(element("option", "", choice));
    }
    select.selectedIndex = -1; // nothing chosen yet: the box shows empty, the first ArrowDown picks the first
    row.append(label, select);
    rows.appendChild(row);
    selects[itemId] = select;
  }
  return {
    node: rows,
    read: () => Object.fromEntries(Object.entries(selects).filter(([, s]) => s.selectedIndex >= 0)
      .map(([i, s]) => [i, s.value])),
    show: (value) => {
      const chosen = value && typeof value === "object" ? value : {};
      for (const [itemId, select] of Object.entries(selects)) {
        select.value = typeof chosen[itemId] === "string" ? chosen[itemId] : "";
        if (select.value !== chosen[itemId]) {
          select.selectedIndex = -1;
        }
      }
    },
  };
}

function answerControl(form, label) {
  if (form.control === "radio" || form.control === "checkbox") {
    return choiceControl(form, label);
  }
  if (form.control === "select") {
    return selectControl(form);
  }
  return textControl(form);
}

function button(text, className) {
  const node = element("button", "jupyter-button widget-button " + className, text);
  node.type = "button";
  return node;
}

function render({ model, el }) {
  el.classList.add("lessons-question-body");
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  const prompt = element("div", "lessons-prompt");
  const control = answerControl(model.get("form"), model.get("label"));
  const check = button("", "mod-primary lessons-check");
  const explain = button("", "lessons-explain");
  const attempts = element("span", "lessons-attempts");
  const feedback = element("div", "lessons-feedback");
  const live = element("div", "lessons-live");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");
  feedback.appendChild(live);
  const row = element("div", "lessons-controls");
  row.append(check, attempts, explain);
  el.append(prompt, control.node, row, feedback);

  const draw = () => {
    prompt.innerHTML = model.get("prompt");
    check.textContent = model.get("button_label");
    explain.textContent = model.get("explain_label");
    explain.style.display = model.get("offer_explanation") ? "" : "none"; // [hidden] loses to .jupyter-button
    const count = model.get("attempts");
    attempts.innerHTML = count ? "<small>Attempts: " + count + "</small>" : "";
    live.innerHTML = model.get("feedback");
  };
  const changed = () => {
    model.set("answer", control.read());
    model.save_changes();
  };
  control.node.addEventListener("change", changed);
  control.node.addEventListener("input", changed);
  check.addEventListener("click", () => model.send({ event: "check", answer: control.read() }));
  explain.addEventListener("click", () => model.send({ event: "explain" }));
  control.show(model.get("answer"));
  draw();
  model.on("change:answer", () => control.show(model.get("answer")));
  for (const trait of ["prompt", "button_label", "explain_label", "offer_explanation", "attempts", "feedback"]) {
    model.on("change:" + trait, draw);
  }
}

export default { render };
