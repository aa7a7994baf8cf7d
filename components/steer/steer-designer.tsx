"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, type SteerPreviewDto } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Choice, Input, Toggle } from "@/components/campaigns/designer-inputs";
import { SteerBounds } from "./steer-bounds";
import { SteerPreview } from "./steer-preview";
import {
  createSteerBody,
  stateForSource,
  steerDesignBody,
  type SteerDesignerState,
  type SteerSourceOption,
} from "./steer-designer-state";

/** What the form must have before the server is asked anything: plain-words messages. */
function missing(s: SteerDesignerState): string | null {
  if (!s.source) return "Choose the data: the built-in sample or an uploaded CSV.";
  if (s.numeric.length === 0) return "Tick at least one number the model uses.";
  if (s.targetKind === "weight" && s.weightValue.trim() === "")
    return `Say what the weight of ${s.weightField || "the field"} should be.`;
  if (s.targetKind === "prediction") {
    if (s.predictionValue.trim() === "") return "Say what the model should predict.";
    const blank = s.numeric.find((f) => (s.profile[f] ?? "").trim() === "");
    if (blank) return `Give the profile's ${blank}.`;
  }
  return null;
}

/**
 * Organizers design a regression campaign: the numbers, the platform's model, the target in
 * plain words, what members can report, and the critical size before anything is created.
 */
export function SteerDesigner({
  collectiveId,
  samples = [],
  datasets,
  initialName = "",
}: {
  collectiveId: string;
  samples?: SteerSourceOption[];
  datasets: SteerSourceOption[];
  initialName?: string;
}) {
  const router = useRouter();
  const sources = [...samples, ...datasets];
  const [s, setS] = useState<SteerDesignerState>(() =>
    stateForSource({ name: initialName, populationSize: "10000" }, sources[0]),
  );
  const [preview, setPreview] = useState<SteerPreviewDto | null>(null);
  const [message, setMessage] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [pending, setPending] = useState<"preview" | "create" | null>(null);
  const set = <K extends keyof SteerDesignerState>(k: K, v: SteerDesignerState[K]) => {
    setS((prev) => ({ ...prev, [k]: v }));
    setPreview(null); // a preview of the previous design would mislead
  };
  const columns = sources.find((o) => o.value === s.source)?.columns ?? [];

  async function send(kind: "preview" | "create") {
    const gap = missing(s);
    if (gap) return setMessage(gap);
    setPending(kind);
    setMessage("");
    setErrors({});
    try {
      if (kind === "preview") {
        const res = await api.collectives.steerPreview(collectiveId, steerDesignBody(s));
        if (res.ok) setPreview(res.data);
        else {
          setMessage(res.message);
          setErrors(res.fields ?? {});
        }
        return;
      }
      const res = await api.collectives.createCampaign(collectiveId, createSteerBody(s));
      if (res.ok) return router.push(`/c/${collectiveId}/campaigns/${res.data.id}`);
      setMessage(res.message);
      setErrors(res.fields ?? {});
    } finally {
      setPending(null);
    }
  }

  const fieldErrors = Object.entries(errors).filter(([k]) => k !== "_");
  return (
    <form
      className="flex flex-col gap-4"
      data-testid="steer-designer"
      onSubmit={(e) => {
        e.preventDefault();
        void send("create");
      }}
    >
      <Card title="The data">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Input
            label="Campaign name"
            value={s.name}
            onChange={(v) => set("name", v)}
            errors={errors.name}
          />
          <Choice
            label="Numbers the platform's model is fitted on"
            value={s.source}
            onChange={(v) =>
              setS((prev) =>
                stateForSource(
                  prev,
                  sources.find((o) => o.value === v),
                ),
              )
            }
            options={
              sources.length
                ? sources.map((o) => ({ value: o.value, label: o.label }))
                : [{ value: "", label: "Upload a CSV first" }]
            }
            errors={errors.datasetId}
          />
          <Choice
            label="What the model predicts (the label)"
            value={s.label}
            onChange={(v) => {
              set("label", v);
              set(
                "numeric",
                columns.filter((c) => c !== v),
              );
            }}
            options={columns.map((c) => ({ value: c, label: c }))}
          />
          <Input
            label="People on the platform"
            type="number"
            value={s.populationSize}
            onChange={(v) => set("populationSize", v)}
            hint="How many workers or users the platform's model is fitted on."
            errors={errors.populationSize}
          />
        </div>
        <fieldset className="mt-3">
          <legend className="text-sm font-medium">Numbers the model uses</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {columns
              .filter((c) => c !== s.label)
              .map((c) => (
                <Toggle
                  key={c}
                  label={c}
                  checked={s.numeric.includes(c)}
                  onChange={(on) =>
                    set(
                      "numeric",
                      on
                        ? columns.filter((x) => x === c || s.numeric.includes(x))
                        : s.numeric.filter((x) => x !== c),
                    )
                  }
                />
              ))}
          </div>
        </fieldset>
      </Card>
      <Card title="The platform's model">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Choice
            label="Kind of model"
            value={s.learner}
            onChange={(v) => set("learner", v === "logistic" ? "logistic" : "least-squares")}
            options={[
              { value: "least-squares", label: "Linear regression (least squares): pay, price" },
              { value: "logistic", label: "Logistic regression: a yes/no score" },
            ]}
          />
          <Choice
            label="How the platform trains it"
            value={s.strategy}
            onChange={(v) => set("strategy", v === "control" ? "control" : "neutralize")}
            options={[
              {
                value: "neutralize",
                label: "Refits on all the data (members' reports cancel the rest)",
              },
              {
                value: "control",
                label:
                  "Updates step by step (SGD: members steer each step; slow when its steps are small)",
              },
            ]}
          />
          <Toggle
            label="The model has a constant term (intercept)"
            checked={s.intercept}
            onChange={(v) => set("intercept", v)}
          />
        </div>
      </Card>
      <Card title="What the collective wants">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Choice
            label="The goal"
            value={s.targetKind}
            onChange={(v) => set("targetKind", v === "prediction" ? "prediction" : "weight")}
            options={[
              { value: "weight", label: "The model should weigh one number differently" },
              { value: "prediction", label: "The model should predict a value for one profile" },
            ]}
          />
          {s.targetKind === "weight" ? (
            <>
              <Choice
                label="The number"
                value={s.weightField}
                onChange={(v) => set("weightField", v)}
                options={s.numeric.map((c) => ({ value: c, label: c }))}
              />
              <Input
                label={`${s.label || "The label"} per unit of ${s.weightField || "it"}`}
                type="number"
                value={s.weightValue}
                onChange={(v) => set("weightValue", v)}
                hint="E.g. 0.4 means each waiting minute should add 0.4 to the pay."
                errors={errors[`campaign.target.weights.${s.weightField}`]}
              />
              <Choice
                label="The other weights"
                value={s.others}
                onChange={(v) => set("others", v === "refit" ? "refit" : "keep")}
                options={[
                  { value: "keep", label: "Keep them as the platform has them today" },
                  { value: "refit", label: "Let them follow the data (a smaller collective)" },
                ]}
              />
            </>
          ) : (
            <>
              <Input
                label={`${s.label || "The value"} the model should predict`}
                type="number"
                value={s.predictionValue}
                onChange={(v) => set("predictionValue", v)}
              />
              {s.numeric.map((c) => (
                <Input
                  key={c}
                  label={`Profile: ${c}`}
                  type="number"
                  value={s.profile[c] ?? ""}
                  onChange={(v) => set("profile", { ...s.profile, [c]: v })}
                />
              ))}
            </>
          )}
          <Input
            label="Close enough (percent of the target)"
            type="number"
            value={s.tolerance}
            onChange={(v) => set("tolerance", v)}
            errors={errors["campaign.tolerance"]}
          />
        </div>
      </Card>
      <Card title="What members can report">
        <SteerBounds
          fields={[...s.numeric, s.label]}
          bounds={s.bounds}
          onChange={(b) => set("bounds", b)}
          errors={errors}
        />
      </Card>
      <Card title="Critical size">
        <div className="flex flex-col gap-3">
          <Button
            type="button"
            variant="secondary"
            onClick={() => void send("preview")}
            disabled={pending !== null}
          >
            {pending === "preview" ? "Computing…" : "Compute the critical size"}
          </Button>
          {preview && <SteerPreview preview={preview} population={Number(s.populationSize)} />}
          <Input
            label="Members to plan for (optional)"
            type="number"
            value={s.expectedMembers}
            onChange={(v) => set("expectedMembers", v)}
            hint="Each member's computed numbers depend on how many take part. Empty: 10% above the critical size."
            errors={errors.expectedMembers}
          />
        </div>
      </Card>
      <Button type="submit" disabled={pending !== null}>
        {pending === "create" ? "Creating…" : "Create campaign (as a draft)"}
      </Button>
      <div aria-live="polite" className="text-sm text-red-700" data-testid="designer-message">
        {message && <p>{message}</p>}
        {fieldErrors.length > 0 && (
          <ul className="list-disc pl-5">
            {fieldErrors.map(([k, v]) => (
              <li key={k}>
                {k}: {v.join("; ")}
              </li>
            ))}
          </ul>
        )}
      </div>
    </form>
  );
}
