// "Load answers from a file": a button that opens the browser's file chooser and sends the file's bytes
// (base64) to the kernel as the trait `picked` = {name, content, at}. The Python side is
// lessons.notebook.controls.FilePicker (ipywidgets' FileUpload always adds a count, "(0)", to its label).

function base64Of(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "lessons-file-button jupyter-button";
  const input = document.createElement("input");
  input.type = "file";
  input.style.display = "none";
  const label = () => {
    button.textContent = model.get("label");
    input.accept = model.get("accept");
  };
  label();
  model.on("change:label", label);
  model.on("change:accept", label);
  button.addEventListener("click", () => {
    input.value = "";
    input.click();
  });
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    if (!file) {
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      model.set("picked", { name: file.name, content: base64Of(reader.result), at: Date.now() });
      model.save_changes();
    };
    reader.readAsArrayBuffer(file);
  });
  el.append(button, input);
}

export default { render };
