"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, type SignalAuditDto } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { DEFAULT_PLATFORM_MODELS } from "@/lib/platform-models";
import {
  campaignJson,
  requestBody,
  rolesFromSchema,
  sourceFields,
  mappingOf,
  type DesignerState,
  type SetDesignerField,
  type SourceOption,
} from "./designer-state";
import { DesignerGoalSection } from "./designer-goal-section";
import { DesignerModelSection } from "./designer-model-section";
import { DesignerPopulationSection } from "./designer-population-section";

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
  const set: SetDesignerField = (k, v) => {
    setS((prev) => ({ ...prev, [k]: v }));
    setAudit(null); // an audit of the previous design would mislead
  };

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
  const sections = { state: s, set, err };
  return (
    <form onSubmit={(e) => void create(e)} className="flex flex-col gap-4">
      <DesignerPopulationSection
        {...sections}
        sources={sources}
        columns={source?.columns ?? []}
        onPickSource={pickSource}
      />
      <DesignerModelSection {...sections} />
      <DesignerGoalSection
        {...sections}
        source={source}
        audit={audit}
        isAuditing={auditing}
        onAudit={() => void checkSignal()}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create campaign (as a draft)"}
      </Button>
      <p aria-live="polite" className="text-sm text-red-700" data-testid="designer-message">
        {message}
      </p>
    </form>
  );
}
