import type { CampaignRow } from "@/db/schema";
import { fail, ok, type Result } from "@/lib/errors";
import type { Instruction, Problem, ProblemCode, Verification } from "@/ml/campaign";
import {
  decodeCounts,
  recommenderContextSchema,
  type RecommenderContext,
} from "@/ml/recommender/campaign-context";
import {
  computeInsertion,
  describeInstruction,
  verifyInsertion,
  type InsertionInstruction,
  type VerifyCode,
} from "@/ml/recommender/instruction";
import { promoteCampaignSchema } from "@/ml/recommender/spec";
import type { RecordRules } from "./types";

/**
 * A member's record in a recommender campaign is the one sequence they own and will edit,
 * as three text fields (records are `Record<string, string>`, sealed per member):
 *
 * - `playlist`: its name, as the member sees it on the platform;
 * - `items`: its item ids in order, one per line (track URIs have no line breaks; blank
 *   lines and surrounding spaces are ignored, so a pasted list with a trailing newline or
 *   Windows line ends reads the same);
 * - `labels` (optional): what each line is called, one per line in the same order ("Title —
 *   Artist", filled in by a Spotify import), so the instruction can name the anchor track.
 *
 * A member confirms by sending `items` again, edited; the instruction is recomputed from the
 * stored record and the campaign's fixed context, so it cannot drift between the two.
 */
export const SEQUENCE_FIELDS = ["playlist", "items", "labels"] as const;
/** Longest sequence accepted (a record field holds at most 20,000 characters anyway). */
export const MAX_SEQUENCE_ITEMS = 1000;

/** The lines of a field: trimmed, blank ones dropped. */
export function linesOf(text: string | undefined): string[] {
  return (text ?? "")
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

// Counts are parsed once per campaign per process: the context never changes after creation.
const countsCache = new Map<string, Map<string, number>>();

function contextOf(c: CampaignRow): RecommenderContext {
  const parsed = recommenderContextSchema.safeParse(c.context);
  if (!parsed.success) throw new Error(`recommender campaign ${c.id} has no stored context`);
  return parsed.data;
}

function countsOf(c: CampaignRow, context: RecommenderContext): Map<string, number> {
  let counts = countsCache.get(c.id);
  if (counts === undefined) {
    counts = decodeCounts(context.popularity);
    if (countsCache.size > 50) countsCache.clear();
    countsCache.set(c.id, counts);
  }
  return counts;
}

/** A stable number from the member's key (hex), for `random`'s draw. */
function seedOf(key: string): number {
  const n = Number.parseInt(key.slice(0, 8), 16);
  return Number.isFinite(n) ? n : 0;
}

interface Planned {
  context: RecommenderContext;
  items: string[];
  labels: Map<string, string>;
  playlist: string;
  result: ReturnType<typeof computeInsertion>;
}

function plan(c: CampaignRow, fields: Record<string, string>, key: string): Planned {
  const context = contextOf(c);
  const campaign = promoteCampaignSchema.parse(c.campaign);
  const items = linesOf(fields.items);
  const labelLines = linesOf(fields.labels);
  const labels = new Map<string, string>();
  if (labelLines.length === items.length)
    items.forEach((id, i) => labels.set(id, labelLines[i] ?? id));
  const counts = countsOf(c, context);
  const playlist = (fields.playlist ?? "").trim();
  const result = computeInsertion({
    sequenceId: playlist,
    items,
    item: campaign.item,
    strategy: campaign.strategy,
    popularity: counts,
    // The collective's own counts are never pooled: the sample's stand in (campaign-context.ts).
    collectiveCounts: counts,
    seed: seedOf(key),
  });
  return { context, items, labels, playlist, result };
}

function targetName(context: RecommenderContext): string {
  const { id, title, artist } = context.target;
  if (title && artist) return `“${title}” by ${artist}`;
  return title ? `“${title}”` : `“${id}”`;
}

function nameOf(p: Planned) {
  return (item: string) =>
    item === p.context.target.id ? targetName(p.context) : `“${p.labels.get(item) ?? item}”`;
}

const WHY: Record<InsertionInstruction["strategy"], string> = {
  dirlof:
    "Why there: it is the least played track of your playlist, so few other songs follow it and the recommender learns your song as its continuation.",
  inclust:
    "Why there: it is the track most common in the collective's playlists, so members' insertions reinforce each other.",
  random: "The place was drawn at random for you, so the collective spreads over playlists.",
  end: "Add it as the last track.",
};

const PROBLEM_CODES: Record<VerifyCode, ProblemCode> = {
  "target-missing": "signal-missing",
  "target-repeated": "unexpected-change",
  "other-changes": "unexpected-change",
  "wrong-place": "wrong-placement",
  "stale-instruction": "not-ready",
  "target-still-present": "unexpected-change",
};

/** Recommender campaigns: each member inserts the target once into one sequence they own. */
export const recommenderRules: RecordRules = {
  fields: () => [...SEQUENCE_FIELDS],

  check(_c, fields): Result<Record<string, string>> {
    const own = (f: string) => (Object.hasOwn(fields, f) ? (fields[f] ?? "") : "");
    const playlist = own("playlist").trim();
    if (!playlist)
      return fail("validation", "Name the playlist you will edit", {
        fields: { "fields.playlist": ["Required"] },
      });
    if (playlist.length > 200 || /[\r\n]/.test(playlist))
      return fail("validation", "A playlist name is one line of at most 200 characters", {
        fields: { "fields.playlist": ["One line, at most 200 characters"] },
      });
    const items = linesOf(own("items"));
    if (items.length === 0)
      return fail("validation", "Paste the playlist's item ids, one per line", {
        fields: { "fields.items": ["Required"] },
      });
    if (items.length > MAX_SEQUENCE_ITEMS)
      return fail("validation", `At most ${MAX_SEQUENCE_ITEMS} items`, {
        fields: { "fields.items": [`At most ${MAX_SEQUENCE_ITEMS} items`] },
      });
    const long = items.findIndex((i) => i.length > 200);
    if (long >= 0)
      return fail("validation", `Line ${long + 1} is longer than an item id (200 characters)`, {
        fields: { "fields.items": [`Line ${long + 1} is too long`] },
      });
    const labels = linesOf(own("labels"));
    return ok({
      playlist,
      items: items.join("\n"),
      // Labels that do not line up with the items would name the wrong track: dropped.
      labels: labels.length === items.length ? labels.join("\n") : "",
    });
  },

  instruct(c, fields, key): Instruction {
    const p = plan(c, fields, key);
    const name = nameOf(p);
    if (!p.result.ok)
      return {
        participates: false,
        changes: [],
        steps: [
          `Your playlist “${p.playlist}” already holds ${targetName(p.context)}: leave it as it is.`,
          "A member adds the item once and only where it is missing; submit another playlist you own to take part.",
        ],
      };
    const ins = p.result.instruction;
    const edited = [...p.items.slice(0, ins.index), ins.item, ...p.items.slice(ins.index)];
    return {
      participates: true,
      changes: [{ field: "items", before: p.items.join("\n"), after: edited.join("\n") }],
      steps: [
        describeInstruction(ins, name, `your playlist “${p.playlist}”`),
        WHY[ins.strategy],
        "Change nothing else in the playlist: no other track added, removed or moved.",
        "Then paste or import the edited playlist here to confirm.",
      ],
    };
  },

  verify(c, submitted, original, key): Verification {
    const p = plan(c, original, key);
    const edited = linesOf(submitted.items);
    if (!p.result.ok) {
      // Nothing to add: the playlist should be as it was.
      const same = edited.length === p.items.length && edited.every((x, i) => x === p.items[i]);
      return same
        ? { ok: true }
        : {
            ok: false,
            problems: [
              {
                code: "unexpected-change",
                field: "items",
                message: "The playlist changed; leave it as it was.",
              },
            ],
          };
    }
    const r = verifyInsertion(p.items, edited, p.result.instruction);
    if (r.ok) return { ok: true };
    const problem: Problem = { code: PROBLEM_CODES[r.code], field: "items", message: r.message };
    return { ok: false, problems: [problem] };
  },

  unwind(instruction) {
    const change = instruction.changes[0];
    if (!instruction.participates || change === undefined)
      return {
        changes: [],
        steps: ["You changed nothing for this campaign, so there is nothing to undo."],
      };
    const first = instruction.steps[0] ?? "";
    return {
      changes: [{ field: change.field, before: change.after, after: change.before }],
      steps: [
        `Undo this step: ${first}`,
        "Remove that one track again and leave everything else as it is.",
      ],
    };
  },
};
