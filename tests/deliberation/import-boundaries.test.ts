import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

// The engines' boundaries are lint rules (eslint.config.mjs), so a wrong arrow fails
// `npm test`. These run the real config over one-line files placed in each folder.
const eslint = new ESLint({
  cwd: process.cwd(),
  // The snippets are not files of the TypeScript program: only the import rules apply here.
  overrideConfig: tseslint.configs.disableTypeChecked,
});

async function isRefused(filePath: string, code: string): Promise<boolean> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath });
  return (result?.messages ?? []).some((m) => m.ruleId === "no-restricted-imports");
}

describe("deliberation/ imports its own files and core/ only", () => {
  it.each([
    ['import { tallyStatements } from "./tallies";'],
    ['import { createRng } from "../core/random";'],
    ['import { ok, type Result } from "../core/result";'],
    ['import { hashParts } from "@/core/random";'],
  ])("allows %s", async (code) => {
    expect(await isRefused("deliberation/example.ts", code)).toBe(false);
  });

  it.each([
    ['import { MIN_GROUP_SIZE } from "@/lib/privacy";'],
    ['import { MIN_GROUP_SIZE } from "../lib/privacy";'],
    ['import type { Failure } from "@/lib/errors";'],
    ['import type { Db } from "@/db";'],
    ['import { sessions } from "../db/schema";'],
    ['import { createRng } from "@/ml";'],
    ['import { fnv1a } from "../ml/features/hashing";'],
    ['import { enqueue } from "@/jobs/queue";'],
    ['import { Button } from "@/components/ui/button";'],
    ['import { NextResponse } from "next/server";'],
    ['import { useState } from "react";'],
    ['import { eq } from "drizzle-orm";'],
    ['import { z } from "zod";'],
  ])("refuses %s", async (code) => {
    expect(await isRefused("deliberation/example.ts", code)).toBe(true);
  });
});

describe("the two engines do not import each other", () => {
  it("refuses deliberation/ from ml/, by alias or relative path", async () => {
    expect(
      await isRefused(
        "ml/learners/example.ts",
        'import { runKMeans } from "@/deliberation/kmeans";',
      ),
    ).toBe(true);
    expect(
      await isRefused(
        "ml/learners/example.ts",
        'import { runKMeans } from "../../deliberation/kmeans";',
      ),
    ).toBe(true);
    expect(await isRefused("ml/example.ts", 'import type { Vote } from "../deliberation";')).toBe(
      true,
    );
  });

  it("lets ml/ use core/", async () => {
    expect(
      await isRefused("ml/learners/example.ts", 'import { createRng } from "../../core/random";'),
    ).toBe(false);
  });
});

describe("core/ imports nothing but its own files", () => {
  it("allows a sibling and refuses everything else", async () => {
    expect(await isRefused("core/example.ts", 'import { createRng } from "./random";')).toBe(false);
    expect(
      await isRefused("core/example.ts", 'import { fnv1a } from "../ml/features/hashing";'),
    ).toBe(true);
    expect(
      await isRefused("core/example.ts", 'import { tallyStatements } from "@/deliberation";'),
    ).toBe(true);
    expect(await isRefused("core/example.ts", 'import { z } from "zod";')).toBe(true);
  });
});

describe("pages and components reach deliberation/ through lib/", () => {
  it("allows its types, refuses its code", async () => {
    const typeOnly = 'import type { StatementResults } from "@/deliberation";';
    const value = 'import { computeStatementResults } from "@/deliberation";';
    expect(await isRefused("components/sessions/example.tsx", typeOnly)).toBe(false);
    expect(await isRefused("components/sessions/example.tsx", value)).toBe(true);
    expect(await isRefused("app/c/example/page.tsx", value)).toBe(true);
  });
});
