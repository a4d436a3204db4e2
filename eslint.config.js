// The linter of the pages' own scripts (static/js). Node is a development tool here: the app
// serves these files as they are, and nothing in it runs node.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["static/vendor/", "staticfiles/", "node_modules/"] },
  js.configs.recommended,
  {
    files: ["static/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      // Leaflet and its cluster plugin come from static/vendor as classic scripts.
      globals: { ...globals.browser, L: "readonly" },
    },
    rules: {
      // The project's limits for every language: small modules, small functions.
      complexity: ["error", 10],
      "max-lines": ["error", 500],
      eqeqeq: "error",
      "no-var": "error",
      "prefer-const": "error",
      "no-shadow": "error",
      "no-use-before-define": ["error", { functions: false }],
    },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
];
