// Lint rules that keep the layers of the architecture apart (see README: "Layout"):
// app -> lib, components; lib -> db, ml, jobs; jobs -> db, ml; db -> drizzle; ml -> tfjs.
import tseslint from "typescript-eslint";
import drizzle from "eslint-plugin-drizzle";

const restrict = (patterns, message) => [
  "error",
  // Type-only imports carry no code across the boundary, so they are allowed.
  { patterns: patterns.map((group) => ({ group, message, allowTypeImports: true })) },
];

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...tseslint.configs.recommended,
  {
    plugins: { drizzle },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
    },
  },
  {
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": restrict(
        [["@/db", "@/db/*", "**/db/*", "@/ml", "@/ml/*", "@/jobs", "@/jobs/*"]],
        "Pages and components go through lib/ (lib/data), never db/, ml/ or jobs/ directly.",
      ),
    },
  },
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": restrict(
        [["@/app", "@/app/*", "@/db", "@/db/*", "@/ml", "@/ml/*", "@/jobs", "@/jobs/*", "@/lib/data/*", "@/lib/auth/*", "@/lib/env"]],
        "Components are presentational: they import validation schemas and other components; a form gets its server action as a prop from its page, never from app/.",
      ),
    },
  },
  {
    // README "How the UI talks to the server": live widgets call /api/v1 only through the typed client.
    files: ["components/**"],
    ignores: ["components/ui/api-client.ts"],
    rules: {
      "no-restricted-globals": ["error", { name: "fetch", message: "Call /api/v1 through `api` in components/ui/api-client.ts (typed by the lib/data DTOs)." }],
    },
  },
  {
    files: ["db/**"],
    rules: {
      "no-restricted-imports": restrict(
        [["@/lib", "@/lib/*", "@/app/*", "@/components/*", "@/ml", "@/ml/*", "@/jobs", "@/jobs/*", "next", "next/*", "react"]],
        "db/ depends on drizzle only.",
      ),
    },
  },
  {
    files: ["ml/**"],
    rules: {
      "no-restricted-imports": restrict(
        [["@/lib", "@/lib/*", "@/app/*", "@/components/*", "@/db", "@/db/*", "@/jobs", "@/jobs/*", "next", "next/*", "react", "react-dom", "drizzle-orm", "drizzle-orm/*"]],
        "ml/ is framework-free: TensorFlow.js and plain TypeScript only.",
      ),
    },
  },
  {
    files: ["lib/**"],
    rules: {
      "no-restricted-imports": restrict([["@/app/*", "@/components/*"]], "lib/ must not import app/ or components/."),
    },
  },
);
