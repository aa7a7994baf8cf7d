"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { UploadDatasetForm } from "@/components/campaigns/upload-dataset-form";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { SEQUENCE_SAMPLE_SIZES } from "@/lib/validation/recommender-campaigns";
import { StrategyPreview, type StrategyPreviewData } from "./strategy-preview";

/** An uploaded CSV the organizer may use as the sequence sample (one row per entry). */
export interface SequenceDatasetOption {
  value: string;
  label: string;
  columns: string[];
}

const SAMPLE = "sample:synthetic-playlists";

const STRATEGIES = [
  {
    value: "dirlof",
    label: "DirLoF: right after each member's least played track",
  },
  { value: "inclust", label: "InClust: next to the collective's most common track" },
  { value: "random", label: "Random place (baseline)" },
  { value: "end", label: "At the end (baseline)" },
] as const;

/** A column chooser's options for an uploaded CSV, with a "none" entry for optional ones. */
function columnOptions(columns: string[], isOptional: boolean) {
  const opts = columns.map((c) => ({ value: c, label: c }));
  return isOptional ? [{ value: "", label: "(none)" }, ...opts] : opts;
}

function guess(columns: string[], names: string[], fallback = ""): string {
  return columns.find((c) => names.includes(c.toLowerCase())) ?? fallback;
}

/**
 * Designs a recommender campaign: a sequence sample (the built-in synthetic playlists or an
 * uploaded CSV), the item to promote, the insertion strategy (with a quick forecast of every
 * strategy on the sample, so the choice comes from evidence), the platform's size and the
 * target share of recommendation lists. Creating it opens the campaign page.
 */
export function RecommenderDesigner({
  collectiveId,
  initialName = "",
  datasets = [],
}: {
  collectiveId: string;
  initialName?: string;
  datasets?: SequenceDatasetOption[];
}) {
  const router = useRouter();
  const [name, setName] = useState(initialName);
  const [source, setSource] = useState(SAMPLE);
  const [sampleSize, setSampleSize] = useState(String(SEQUENCE_SAMPLE_SIZES.default));
  const dataset = datasets.find((d) => d.value === source);
  const cols = dataset?.columns ?? [];
  const [columns, setColumns] = useState<Record<string, string>>({});
  const column = (role: string, names: string[], fallback = "") =>
    columns[role] ?? guess(cols, names, fallback);
  const [target, setTarget] = useState({ id: "", title: "", artist: "" });
  const [strategy, setStrategy] = useState("dirlof");
  const [population, setPopulation] = useState("1000000");
  const [targetPct, setTargetPct] = useState("1");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState("");
  const [isBusy, setIsBusy] = useState(false);
  const [preview, setPreview] = useState<StrategyPreviewData | null>(null);
  const [previewState, setPreviewState] = useState<"idle" | "running" | "error">("idle");

  function body(): Record<string, unknown> {
    const src =
      source === SAMPLE
        ? { sample: "synthetic-playlists", sampleSize }
        : {
            datasetId: source.replace(/^dataset:/, ""),
            data: {
              sequence: column("sequence", ["sequence", "playlist", "pid", "sequence_id"], cols[0]),
              item: column("item", ["item", "track", "track_uri", "item_id"], cols[1]),
              title: column("title", ["title", "track_name", "name"]),
              artist: column("artist", ["artist", "artist_name"]),
            },
          };
    return {
      kind: "recommender",
      name,
      ...src,
      target,
      strategy,
      populationSize: population,
      targetSuccess: Number(targetPct) / 100,
    };
  }

  async function compare() {
    setPreviewState("running");
    const res = await api.recommender.preview(collectiveId, body());
    if (!res.ok) {
      setPreviewState("error");
      setErrors(res.fields ?? {});
      setMessage(res.message);
      return;
    }
    setPreview(res.data);
    setPreviewState("idle");
  }

  async function create(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setIsBusy(true);
    setMessage("Checking the design and reading the sample…");
    const res = await api.collectives.createCampaign(collectiveId, body());
    if (res.ok) {
      router.push(`/c/${collectiveId}/campaigns/${res.data.id}`);
      return;
    }
    setIsBusy(false);
    setErrors(res.fields ?? {});
    setMessage(res.message);
  }

  const err = (k: string) => errors[k];
  const sources = [
    { value: SAMPLE, label: "Built-in: playlists (synthetic, seeded)" },
    ...datasets.map((d) => ({ value: d.value, label: d.label })),
  ];
  return (
    <div className="flex flex-col gap-4" data-testid="recommender-designer">
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-700">
          Upload a sequences CSV to use instead of the built-in sample
        </summary>
        <p className="my-2 text-xs text-slate-600">
          Columns such as <code>sequence,item,title,artist</code>: every row is one track of one
          playlist, the rows of a playlist in order. It then appears in the list below.
        </p>
        <UploadDatasetForm collectiveId={collectiveId} />
      </details>
      <form onSubmit={(e) => void create(e)} className="flex flex-col gap-4" noValidate>
        <Field
          label="Campaign name"
          name="rec-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          errors={err("name")}
          required
        />
        <fieldset className="flex flex-col gap-3">
          <legend className="mb-1 text-sm font-medium text-slate-800">Sequence sample</legend>
          <SelectField
            label="Playlists the shadow recommender learns from"
            name="rec-source"
            options={sources}
            value={source}
            onChange={(e) => setSource(e.target.value)}
            errors={err("datasetId") ?? err("sample") ?? err("data")}
          />
          {source === SAMPLE ? (
            <Field
              label="Playlists in the sample"
              name="rec-sample-size"
              type="number"
              inputMode="numeric"
              min={SEQUENCE_SAMPLE_SIZES.min}
              max={SEQUENCE_SAMPLE_SIZES.max}
              value={sampleSize}
              onChange={(e) => setSampleSize(e.target.value)}
              hint="Seeded synthetic playlists: long-tailed track popularity, taste clusters, artists, lengths around 26 tracks. The same size always gives the same playlists."
              errors={err("sampleSize")}
            />
          ) : (
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
              {(
                [
                  ["sequence", "Playlist id column", ["sequence", "playlist", "pid"], false],
                  ["item", "Track id column", ["item", "track", "track_uri"], false],
                  ["title", "Title column", ["title", "track_name"], true],
                  ["artist", "Artist column", ["artist", "artist_name"], true],
                ] as const
              ).map(([role, label, names, isOptional]) => (
                <SelectField
                  key={role}
                  label={label}
                  name={`rec-col-${role}`}
                  options={columnOptions(cols, isOptional)}
                  value={column(role, [...names], isOptional ? "" : cols[role === "item" ? 1 : 0])}
                  onChange={(e) => setColumns({ ...columns, [role]: e.target.value })}
                  errors={err(`data.${role}`)}
                />
              ))}
            </div>
          )}
        </fieldset>
        <fieldset className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <legend className="mb-1 text-sm font-medium text-slate-800">The item to promote</legend>
          <Field
            label="Id on the platform"
            name="rec-target-id"
            value={target.id}
            onChange={(e) => setTarget({ ...target, id: e.target.value })}
            hint="e.g. spotify:track:… (it may be new to the sample)"
            errors={err("target.id")}
            required
          />
          <Field
            label="Title"
            name="rec-target-title"
            value={target.title}
            onChange={(e) => setTarget({ ...target, title: e.target.value })}
            errors={err("target.title")}
          />
          <Field
            label="Artist"
            name="rec-target-artist"
            value={target.artist}
            onChange={(e) => setTarget({ ...target, artist: e.target.value })}
            errors={err("target.artist")}
          />
        </fieldset>
        <div className="flex flex-col gap-2">
          <SelectField
            label="Where members insert it"
            name="rec-strategy"
            options={STRATEGIES}
            value={strategy}
            onChange={(e) => setStrategy(e.target.value)}
            errors={err("strategy")}
          />
          <div>
            <Button
              type="button"
              variant="secondary"
              onClick={() => void compare()}
              disabled={previewState === "running"}
            >
              {previewState === "running" ? "Comparing strategies…" : "Compare strategies"}
            </Button>
          </div>
          <p role="status" className="sr-only">
            {previewState === "running" ? "Comparing strategies" : preview ? preview.advice : ""}
          </p>
          {preview && <StrategyPreview preview={preview} chosen={strategy} />}
        </div>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Field
            label="Playlists on the platform"
            name="rec-population"
            type="number"
            inputMode="numeric"
            min={1}
            value={population}
            onChange={(e) => setPopulation(e.target.value)}
            hint="Members needed = this × the share of playlists the forecast finds."
            errors={err("populationSize")}
          />
          <Field
            label="Target: % of recommendation lists holding the item"
            name="rec-target-success"
            type="number"
            inputMode="decimal"
            step="0.1"
            min={0}
            max={100}
            value={targetPct}
            onChange={(e) => setTargetPct(e.target.value)}
            errors={err("targetSuccess")}
          />
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={isBusy}>
            {isBusy ? "Creating…" : "Create campaign"}
          </Button>
          <p aria-live="polite" className="text-sm text-slate-700" data-testid="rec-message">
            {message}
          </p>
        </div>
      </form>
    </div>
  );
}
