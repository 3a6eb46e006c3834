// eslint for the widgets' front-end code (src/lessons/notebook/*.js: ES modules loaded by anywidget in the
// browser). 'make lint' runs it; the versions are pinned in package.json / package-lock.json.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["src/lessons/notebook/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.browser },
    rules: {
      curly: "error",
      eqeqeq: "error",
      "no-implicit-globals": "error",
      "no-var": "error",
      "prefer-const": "error",
      "max-lines-per-function": ["error", { max: 50, skipBlankLines: true, skipComments: true }],
      complexity: ["error", 10],
    },
  },
];
