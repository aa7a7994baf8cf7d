// Lint rules that keep the layers of the architecture apart (see README: "Layout"):
// app -> lib, components; lib -> db, ml, deliberation, jobs; jobs -> db, ml, deliberation;
// db -> drizzle; ml -> tfjs, core; deliberation -> core; core -> nothing.
import tseslint from "typescript-eslint";
import drizzle from "eslint-plugin-drizzle";

const restrict = (patterns, message) => [
  "error",
  // Type-only imports carry no code across the boundary, so they are allowed.
  { patterns: patterns.map((group) => ({ group, message, allowTypeImports: true })) },
];

// The engines' own code reaches the rest of the app by relative path too ("../../lib/x"), which
// the "@/" groups above do not see; a type from there would couple them as well.
const outsideEngine = (folders) => `^(\\.\\./)+(${folders.join("|")})(/|$)`;

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    // Type-aware rules read the TypeScript program; plain JS config files have none.
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  { files: ["**/*.{js,mjs,cjs}"], ...tseslint.configs.disableTypeChecked },
  {
    rules: {
      // Next.js requires async signatures (route handlers, server actions, config hooks)
      // whether or not the body awaits.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // Tests read untyped JSON (Playwright's json(), parsed bodies) on purpose and assert on it.
    files: ["tests/**", "e2e/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-call": "off",
    },
  },
  {
    plugins: { drizzle },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
    },
  },
  {
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": restrict(
        [
          [
            "@/db",
            "@/db/*",
            "**/db/*",
            "@/ml",
            "@/ml/*",
            "@/deliberation",
            "@/deliberation/*",
            "@/jobs",
            "@/jobs/*",
          ],
        ],
        "Pages and components go through lib/ (lib/data), never db/, ml/, deliberation/ or jobs/ directly.",
      ),
    },
  },
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": restrict(
        [
          [
            "@/app",
            "@/app/*",
            "@/db",
            "@/db/*",
            "@/ml",
            "@/ml/*",
            "@/deliberation",
            "@/deliberation/*",
            "@/jobs",
            "@/jobs/*",
            "@/lib/data/*",
            "@/lib/auth/*",
            "@/lib/env",
          ],
        ],
        "Components are presentational: they import validation schemas and other components; a form gets its server action as a prop from its page, never from app/.",
      ),
    },
  },
  {
    // README "How the UI talks to the server": live widgets call /api/v1 only through the typed client.
    files: ["components/**"],
    ignores: ["components/ui/api-client.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        {
          name: "fetch",
          message:
            "Call /api/v1 through `api` in components/ui/api-client.ts (typed by the lib/data DTOs).",
        },
      ],
    },
  },
  {
    // jobs/ owns background work: it may use db/, the engines and core/, never the
    // application layer (lib/ passes in what jobs need, e.g. the minimum-count rule).
    files: ["jobs/**"],
    rules: {
      "no-restricted-imports": restrict(
        [
          [
            "@/lib",
            "@/lib/*",
            "@/app/*",
            "@/components/*",
            "next",
            "next/*",
            "react",
            "react-dom",
            "server-only",
          ],
        ],
        "jobs/ may import db/, ml/, deliberation/ and core/ only (what it needs from lib/ is passed in).",
      ),
    },
  },
  {
    files: ["db/**"],
    rules: {
      "no-restricted-imports": restrict(
        [
          [
            "@/lib",
            "@/lib/*",
            "@/app/*",
            "@/components/*",
            "@/ml",
            "@/ml/*",
            "@/deliberation",
            "@/deliberation/*",
            "@/jobs",
            "@/jobs/*",
            "next",
            "next/*",
            "react",
          ],
        ],
        "db/ depends on drizzle only.",
      ),
    },
  },
  {
    files: ["ml/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib",
                "@/lib/*",
                "@/app/*",
                "@/components/*",
                "@/db",
                "@/db/*",
                "@/jobs",
                "@/jobs/*",
                "@/deliberation",
                "@/deliberation/*",
                "next",
                "next/*",
                "react",
                "react-dom",
                "drizzle-orm",
                "drizzle-orm/*",
              ],
              message:
                "ml/ is framework-free: TensorFlow.js, plain TypeScript and core/ only (not the other engine, deliberation/).",
            },
            {
              regex: outsideEngine(["lib", "app", "components", "db", "jobs", "deliberation"]),
              message:
                "ml/ is framework-free: TensorFlow.js, plain TypeScript and core/ only (not the other engine, deliberation/).",
            },
          ],
        },
      ],
    },
  },
  {
    // The second engine imports its own files and core/ (seeded random, Result) and nothing else:
    // no package, no framework, no database, no app layer, not ml/. Type imports included.
    files: ["deliberation/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?!\\./|\\.\\./core/|@/core/)",
              message: "deliberation/ is a pure engine: it imports its own files and core/ only.",
            },
          ],
        },
      ],
    },
  },
  {
    // Shared by both engines, so it depends on neither, nor on anything else.
    files: ["core/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(?!\\./)", message: "core/ imports nothing but its own files." }] },
      ],
    },
  },
  {
    files: ["lib/**"],
    rules: {
      "no-restricted-imports": restrict(
        [["@/app/*", "@/components/*"]],
        "lib/ must not import app/ or components/.",
      ),
    },
  },
);
