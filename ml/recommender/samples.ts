/**
 * Where a sequence spec's data comes from: a CSV file (streamed) or a built-in sample.
 */
import path from "node:path";
import { loadSequencesCsv } from "./sequences-csv";
import type { SequenceSet } from "./sequence-set";
import type { SequenceSpec } from "./spec";
import { generateSyntheticPlaylists } from "./synthetic";

export interface SequenceSampleInfo {
  name: string;
  title: string;
  description: string;
}

const SAMPLES: readonly SequenceSampleInfo[] = [
  {
    name: "synthetic-playlists",
    title: "Playlists (synthetic)",
    description:
      "Seeded synthetic playlists: long-tailed (Zipf-like) track popularity, taste clusters, artists, log-normal lengths (median 26). Sized by data.sequences.",
  },
];

/** The built-in sequence samples. */
export function listSequenceSamples(): SequenceSampleInfo[] {
  return SAMPLES.map((s) => ({ ...s }));
}

/** Load the sequences a spec names; `baseDir` is what data.path is relative to. */
export async function loadSequenceData(
  data: SequenceSpec["data"],
  baseDir = process.cwd(),
): Promise<SequenceSet> {
  if (data.sample !== undefined) {
    return generateSyntheticPlaylists({
      sequences: data.sequences,
      ...(data.items !== undefined ? { items: data.items } : {}),
      seed: data.sampleSeed,
    });
  }
  return loadSequencesCsv(path.resolve(baseDir, data.path ?? ""), {
    sequence: data.sequence,
    item: data.item,
  });
}
