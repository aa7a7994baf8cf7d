"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { api, type SignalAuditDto } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DEFAULT_PLATFORM_MODELS } from "@/lib/platform-models";
import {
  campaignJson,
  hasTrainedModel,
  requestBody,
  rolesFromSchema,
  sourceFields,
  mappingOf,
  type DesignerState,
  type Role,
  type SourceOption,
} from "./designer-state";
import { Choice, Input, Toggle } from "./designer-inputs";
import { PlatformModelPicker } from "./platform-model-picker";

const roleOptions: Role[] = ["ignore", "label", "text", "categorical", "numeric", "group"];

/** Organizers design a campaign: data, the platform model, the goal, and a live signal audit. */
export function CampaignDesigner({
  collectiveId,
  sources,
  initialName = "",
}: {
  collectiveId: string;
  sources: SourceOption[];
  initialName?: string;
}) {
  const router = useRouter();
  const first = sources[0];
  const [s, setS] = useState<DesignerState>({
    name: initialName,
    source: first?.value ?? "",
    roles: rolesFromSchema(first?.columns ?? [], first?.schema),
    populationSize: "10000",
    platformModels: [...DEFAULT_PLATFORM_MODELS],
    epochs: "5",
    useDp: false,
    clip: "1",
    noiseMultiplier: "1",
    useJtt: false,
    lambda: "20",
    goal: "plant",
    strategy: "feature-label",
    target: first?.labels?.[0] ?? "",
    signalKind: "text",
    token: "",
    // The research setting: one token in a long text is a weak signal for a linear model.
    placement: "every",
    every: "10",
    column: "",
    value: "",
    variants: "",
    eraseKind: "field",
    minority: "",
    method: "label",
    targetSuccess: "90",
  });
  const [audit, setAudit] = useState<SignalAuditDto | null>(null);
  const [message, setMessage] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [pending, setPending] = useState(false);
  const [auditing, setAuditing] = useState(false);
  const source = sources.find((o) => o.value === s.source);
  const set = <K extends keyof DesignerState>(k: K, v: DesignerState[K]) => {
    setS((prev) => ({ ...prev, [k]: v }));
    setAudit(null); // an audit of the previous design would mislead
  };
  const columns = source?.columns ?? [];
  const textColumns = useMemo(
    () =>
      Object.entries(s.roles)
        .filter(([, r]) => r === "text")
        .map(([c]) => c),
    [s.roles],
  );

  function pickSource(value: string) {
    const o = sources.find((x) => x.value === value);
    setS((prev) => ({
      ...prev,
      source: value,
      roles: rolesFromSchema(o?.columns ?? [], o?.schema),
      target: o?.labels?.[0] ?? prev.target,
    }));
    setAudit(null);
  }

  async function checkSignal() {
    setAudit(null);
    setMessage("");
    setAuditing(true);
    const res = await api.collectives.signalAudit(collectiveId, {
      ...sourceFields(s.source),
      data: mappingOf(s.roles),
      campaign: campaignJson(s),
    });
    setAuditing(false);
    const fieldText =
      !res.ok && res.fields
        ? Object.entries(res.fields)
            .map(([k, v]) => `${k}: ${v.join(" ")}`)
            .join("; ")
        : "";
    setMessage(res.ok ? "" : `${res.message}${fieldText ? ` (${fieldText})` : ""}`);
    setAudit(res.ok ? res.data : null);
  }

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    const res = await api.collectives.createCampaign(collectiveId, requestBody(s));
    setPending(false);
    if (res.ok) {
      router.push(`/c/${collectiveId}/campaigns/${res.data.id}`);
      return;
    }
    setErrors(res.fields ?? {});
    setMessage(res.message);
  }

  const err = (k: string) => errors[k];
  return (
    <form onSubmit={(e) => void create(e)} className="flex flex-col gap-4">
      <Card title="1. The platform and its population">
        <div className="grid gap-4 sm:grid-cols-2">
          <Input
            label="Campaign name"
            value={s.name}
            onChange={(v) => set("name", v)}
            errors={err("name")}
          />
          <Choice
            label="Population sample"
            value={s.source}
            onChange={pickSource}
            options={sources.map((o) => ({ value: o.value, label: o.label }))}
            errors={err("datasetId") ?? err("sample")}
          />
          <Input
            label="Estimated people on the platform"
            type="number"
            value={s.populationSize}
            onChange={(v) => set("populationSize", v)}
            errors={err("populationSize")}
            hint="alpha = active members / this number"
          />
        </div>
        {columns.length > 0 && (
          <fieldset className="mt-4">
            <legend className="mb-2 text-sm font-medium">What each column is</legend>
            <div className="grid gap-2 sm:grid-cols-3">
              {columns.map((c) => (
                <Choice
                  key={c}
                  label={c}
                  value={s.roles[c] ?? "ignore"}
                  onChange={(v) =>
                    set("roles", { ...s.roles, [c]: roleOptions.find((r) => r === v) ?? "ignore" })
                  }
                  options={roleOptions.map((r) => ({ value: r, label: r }))}
                />
              ))}
            </div>
            {err("data") && <p className="mt-1 text-sm text-red-700">{err("data")?.join(" ")}</p>}
          </fieldset>
        )}
      </Card>
      <Card title="2. The platform's model, as you imagine it">
        <PlatformModelPicker
          value={s.platformModels}
          onChange={(v) => set("platformModels", v)}
          errors={err("platformModels")}
        />
        {hasTrainedModel(s) && (
          <div className="mt-4 grid gap-4 sm:grid-cols-3">
            <Input
              label="Training epochs"
              type="number"
              value={s.epochs}
              onChange={(v) => set("epochs", v)}
            />
          </div>
        )}
        <div className="mt-3 flex flex-col gap-2">
          {hasTrainedModel(s) && (
            <Toggle
              label="Trained with DP-SGD (differential privacy)"
              checked={s.useDp}
              onChange={(v) => set("useDp", v)}
            />
          )}
          {s.useDp && hasTrainedModel(s) && (
            <div className="grid gap-4 sm:grid-cols-2">
              <Input
                label="Clipping norm C"
                type="number"
                value={s.clip}
                onChange={(v) => set("clip", v)}
              />
              <Input
                label="Noise multiplier sigma"
                type="number"
                value={s.noiseMultiplier}
                onChange={(v) => set("noiseMultiplier", v)}
              />
            </div>
          )}
          <Toggle
            label="Reweights its errors (just-train-twice)"
            checked={s.useJtt}
            onChange={(v) => set("useJtt", v)}
          />
          {s.useJtt && (
            <Input
              label="Upweighting lambda"
              type="number"
              value={s.lambda}
              onChange={(v) => set("lambda", v)}
            />
          )}
        </div>
      </Card>
      <Card title="3. The goal">
        <div className="grid gap-4 sm:grid-cols-2">
          <Choice
            label="Goal"
            value={s.goal}
            onChange={(v) =>
              set("goal", v === "erase" ? "erase" : v === "fairness" ? "fairness" : "plant")
            }
            options={[
              { value: "plant", label: "Plant a signal" },
              { value: "erase", label: "Erase a signal" },
              { value: "fairness", label: "Minority fairness relabeling" },
            ]}
          />
          <Input
            label="Target success (%)"
            type="number"
            value={s.targetSuccess}
            onChange={(v) => set("targetSuccess", v)}
            errors={err("targetSuccess")}
          />
          {s.goal === "plant" && (
            <>
              <Choice
                label="Strategy"
                value={s.strategy}
                onChange={(v) =>
                  set("strategy", v === "feature-only" ? "feature-only" : "feature-label")
                }
                options={[
                  { value: "feature-label", label: "Members add the signal and set the label" },
                  { value: "feature-only", label: "Members can only add the signal" },
                ]}
              />
              {source?.labels ? (
                <Choice
                  label="Target label"
                  value={s.target}
                  onChange={(v) => set("target", v)}
                  options={source.labels.map((l) => ({ value: l, label: l }))}
                  errors={err("campaign.target")}
                />
              ) : (
                <Input
                  label="Target label"
                  value={s.target}
                  onChange={(v) => set("target", v)}
                  errors={err("campaign.target")}
                />
              )}
              <Choice
                label="Signal"
                value={s.signalKind}
                onChange={(v) => set("signalKind", v === "field" ? "field" : "text")}
                options={[
                  { value: "text", label: "A token in a text field" },
                  { value: "field", label: "A value in a field" },
                ]}
              />
              {s.signalKind === "text" ? (
                <>
                  <Input
                    label="Token"
                    value={s.token}
                    onChange={(v) => set("token", v)}
                    errors={err("campaign.signal.token")}
                  />
                  <Choice
                    label="Text field"
                    value={s.column}
                    onChange={(v) => set("column", v)}
                    options={[
                      {
                        value: "",
                        label: textColumns[0]
                          ? `${textColumns[0]} (first text column)`
                          : "first text column",
                      },
                      ...textColumns.slice(1).map((c) => ({ value: c, label: c })),
                    ]}
                  />
                  <Choice
                    label="Placement"
                    value={s.placement}
                    onChange={(v) =>
                      set("placement", v === "start" ? "start" : v === "every" ? "every" : "end")
                    }
                    options={[
                      { value: "end", label: "At the end" },
                      { value: "start", label: "At the start" },
                      { value: "every", label: "After every k-th word" },
                    ]}
                  />
                  {s.placement === "every" && (
                    <Input
                      label="Every k words"
                      type="number"
                      value={s.every}
                      onChange={(v) => set("every", v)}
                    />
                  )}
                  <Input
                    label="Variants (optional, comma-separated tokens)"
                    value={s.variants}
                    onChange={(v) => set("variants", v)}
                    hint="Each member gets one; harder to filter, but each variant is rarer."
                  />
                </>
              ) : (
                <>
                  <Choice
                    label="Field"
                    value={s.column}
                    onChange={(v) => set("column", v)}
                    options={[
                      { value: "", label: "Choose…" },
                      ...columns.map((c) => ({ value: c, label: c })),
                    ]}
                  />
                  <Input label="Value" value={s.value} onChange={(v) => set("value", v)} />
                </>
              )}
            </>
          )}
          {s.goal === "erase" && (
            <>
              <Choice
                label="Erase"
                value={s.eraseKind}
                onChange={(v) => set("eraseKind", v === "token" ? "token" : "field")}
                options={[
                  { value: "field", label: "A whole field" },
                  { value: "token", label: "A token in text" },
                ]}
              />
              {s.eraseKind === "field" ? (
                <Choice
                  label="Field"
                  value={s.column}
                  onChange={(v) => set("column", v)}
                  options={[
                    { value: "", label: "Choose…" },
                    ...columns.map((c) => ({ value: c, label: c })),
                  ]}
                />
              ) : (
                <Input label="Token" value={s.token} onChange={(v) => set("token", v)} />
              )}
            </>
          )}
          {s.goal === "fairness" && (
            <>
              <Input
                label="Minority group value"
                value={s.minority}
                onChange={(v) => set("minority", v)}
                hint="The value of the group column that marks the minority."
              />
              <Choice
                label="Relabeling method"
                value={s.method}
                onChange={(v) =>
                  set("method", v === "prob" ? "prob" : v === "dist" ? "dist" : "label")
                }
                options={[
                  { value: "label", label: "label: majority model's label" },
                  { value: "prob", label: "prob: sampled from its probability" },
                  { value: "dist", label: "dist: match the majority's label rates" },
                ]}
              />
            </>
          )}
        </div>
        <div className="mt-4 flex flex-col gap-2">
          <Button
            type="button"
            variant="secondary"
            onClick={() => void checkSignal()}
            disabled={auditing}
          >
            {auditing ? "Auditing the sample…" : "Audit the signal on the sample"}
          </Button>
          {audit && <AuditSummary audit={audit} onPick={(t) => set("token", t)} />}
        </div>
      </Card>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create campaign (as a draft)"}
      </Button>
      <p aria-live="polite" className="text-sm text-red-700" data-testid="designer-message">
        {message}
      </p>
    </form>
  );
}

function AuditSummary({
  audit,
  onPick,
}: {
  audit: SignalAuditDto;
  onPick: (token: string) => void;
}) {
  return (
    <div
      className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm"
      data-testid="signal-audit"
    >
      {audit.goal === "plant" && (
        <>
          <p>
            <strong>xi = {(audit.xi * 100).toFixed(2)}%</strong> of records already carry the signal
            {audit.xi === 0
              ? " (a unique signal: any collective size can succeed in theory)."
              : "."}
          </p>
          <p>
            Delta (how far the target is from winning where the signal appears) ={" "}
            {audit.delta.toFixed(3)}
          </p>
          {audit.survivesTokenizer === false && (
            <p className="text-red-700">
              The platform&apos;s text processing may split or drop this token.
            </p>
          )}
        </>
      )}
      {audit.goal === "erase" && <p>Erasure gap estimate = {audit.expectedGap.toFixed(3)}</p>}
      {audit.suggestions.length > 0 && (
        <p className="mt-1 flex flex-wrap items-center gap-2">
          Rare tokens absent from the data:
          {audit.suggestions.map((t) => (
            <button
              key={t}
              type="button"
              className="rounded border border-slate-300 bg-white px-2 py-0.5"
              onClick={() => onPick(t)}
              aria-label={`Use token ${t}`}
            >
              {t}
            </button>
          ))}
        </p>
      )}
    </div>
  );
}
