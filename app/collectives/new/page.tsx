import type { Metadata } from "next";
import { createCollectiveAction } from "./actions";
import { CreateCollectiveForm } from "@/components/collectives/create-collective-form";
import { Card } from "@/components/ui/card";
import { requireSessionActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New collective" };

export default async function NewCollectivePage() {
  await requireSessionActor("/collectives/new");
  return (
    <div className="mx-auto max-w-lg">
      <h1 className="mb-4 text-2xl font-bold">New collective</h1>
      <Card>
        <CreateCollectiveForm action={createCollectiveAction} />
      </Card>
    </div>
  );
}
