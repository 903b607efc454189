// Lint rules: eslint's and typescript-eslint's recommended sets (versions pinned in package.json).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["out/", "node_modules/", "*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      eqeqeq: ["error", "always"],
      "@typescript-eslint/no-floating-promises": "off",
    },
  },
);
