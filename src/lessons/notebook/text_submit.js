// A labelled text box and its button (the name box's "Your name:" and "Save my name"). The Python side is
// lessons.notebook.controls.TextSubmit. The click (or Enter in the box) sends the text on screen with it, in one
// message ({event: "submit", value}): the kernel saves what was typed, however fast the click came after it.
// The input's id comes from crypto.randomUUID() (random bytes where the page is not a secure context).

function uniqueId() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") {
    return "lessons-" + c.randomUUID();
  }
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return "lessons-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function render({ model, el }) {
  const id = uniqueId();
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = "lessons-text-submit-label";
  const input = document.createElement("input");
  input.type = "text";
  input.id = id;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "jupyter-button widget-button mod-primary lessons-text-submit-button";
  const draw = () => {
    label.textContent = model.get("label");
    input.placeholder = model.get("placeholder");
    button.textContent = model.get("button_label");
  };
  const show = () => {
    if (document.activeElement !== input) {
      input.value = model.get("value");
    }
  };
  const submit = () => model.send({ event: "submit", value: input.value });
  input.addEventListener("input", () => {
    model.set("value", input.value);
    model.save_changes();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      submit();
    }
  });
  button.addEventListener("click", submit);
  draw();
  show();
  model.on("change:value", show);
  for (const trait of ["label", "placeholder", "button_label"]) {
    model.on("change:" + trait, draw);
  }
  el.classList.add("lessons-text-submit");
  el.append(label, input, button);
}

export default { render };
