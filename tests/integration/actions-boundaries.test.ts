import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

// README "How the UI talks to the server": forms get their server action from their page,
// and live widgets reach /api/v1 only through components/ui/api-client.ts. Both are lint
// rules; these run the real config over one-line files placed in components/.
const eslint = new ESLint({
  cwd: process.cwd(),
  // The snippets are not files of the TypeScript program: only the import rules apply here.
  overrideConfig: tseslint.configs.disableTypeChecked,
});

async function rulesHit(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? "");
}

describe("components never import app/", () => {
  it("refuses a server action imported from a route", async () => {
    const code =
      'import { createTokenAction } from "@/app/settings/tokens/actions";\nexport const a = createTokenAction;';
    expect(await rulesHit("components/settings/example.tsx", code)).toContain(
      "no-restricted-imports",
    );
  });

  it("allows the form state and action types, and DTO types from lib/data", async () => {
    const code = [
      'import type { FormAction } from "@/components/ui/form-state";',
      'import type { SessionViewDto } from "@/lib/data/sessions";',
      "export type A = [FormAction, SessionViewDto];",
    ].join("\n");
    expect(await rulesHit("components/settings/example.tsx", code)).toEqual([]);
  });
});

describe("only the typed client calls fetch", () => {
  const code = 'export const load = () => fetch("/api/v1/me");';
  it("refuses fetch in a component", async () => {
    expect(await rulesHit("components/sessions/example.tsx", code)).toContain(
      "no-restricted-globals",
    );
  });
  it("allows it in components/ui/api-client.ts", async () => {
    expect(await rulesHit("components/ui/api-client.ts", code)).toEqual([]);
  });
});
