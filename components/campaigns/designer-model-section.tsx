import { Card } from "@/components/ui/card";
import { Input, Toggle } from "./designer-inputs";
import { hasTrainedModel, type DesignerSectionProps } from "./designer-state";
import { PlatformModelPicker } from "./platform-model-picker";

/** Step 2: the models the platform might run and how it trains them (epochs, DP-SGD, JTT). */
export function DesignerModelSection({ state: s, set, err }: DesignerSectionProps) {
  // Epochs and DP-SGD only apply to models trained by gradient steps.
  const isTrained = hasTrainedModel(s);
  return (
    <Card title="2. The platform's model, as you imagine it">
      <PlatformModelPicker
        value={s.platformModels}
        onChange={(v) => set("platformModels", v)}
        errors={err("platformModels")}
      />
      {isTrained && (
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
        {isTrained && (
          <Toggle
            label="Trained with DP-SGD (differential privacy)"
            checked={s.useDp}
            onChange={(v) => set("useDp", v)}
          />
        )}
        {s.useDp && isTrained && (
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
  );
}
