"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";

/** Uploads a CSV proxy sample; the server refuses a bad file whole and says where it is wrong. */
export function UploadDatasetForm({ collectiveId }: { collectiveId: string }) {
  const router = useRouter();
  const [message, setMessage] = useState("");
  const [isError, setIsError] = useState(false);
  const [pending, setPending] = useState(false);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setIsError(true);
      setMessage("Choose a CSV file first.");
      return;
    }
    setPending(true);
    setMessage("Uploading and checking every row…");
    const res = await api.collectives.uploadDataset(collectiveId, form);
    setPending(false);
    setIsError(!res.ok);
    setMessage(res.ok ? `Uploaded ${res.data.rows} rows.` : res.message);
    if (res.ok) router.refresh();
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor="dataset-name" className="text-sm font-medium">
          Name
        </label>
        <input
          id="dataset-name"
          name="name"
          maxLength={120}
          className="rounded-md border border-slate-300 px-3 py-2"
          placeholder="e.g. profiles we collected"
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="dataset-file" className="text-sm font-medium">
          CSV file (with a header row, at most 20 MB)
        </label>
        <input
          id="dataset-file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          className="text-sm"
        />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Uploading…" : "Upload"}
      </Button>
      <p
        aria-live="polite"
        className={isError ? "text-sm text-red-700" : "text-sm text-green-800"}
        data-testid="upload-message"
      >
        {message}
      </p>
    </form>
  );
}
