/**
 * The one typed client for /api/v1 in the browser (same origin, the session cookie).
 *
 * How the UI talks to the server (README, "How the UI talks to the server"):
 * - One-shot forms (create, revoke, delete, change a role, launch a campaign, sign up) post
 *   to a server action in their route's actions.ts, built on `authedAction`; the page passes
 *   it in as a prop.
 * - Live or polling widgets, which update in place without a page load (a session during a
 *   meeting, a running forecast, a member's own campaign part, the designer's live audit),
 *   call /api/v1 through `api` below; so does the CSV upload, larger than a server action's
 *   body limit. Nothing else in components/ calls `fetch` (lint checks).
 *
 * Answers are typed by the lib/data use-case each route returns (type-only imports, erased
 * from the bundle), so changing a DTO is a compile error here, not a silent drift. Bodies
 * are typed by the shared zod schemas where the widget builds them field by field.
 */
import type { z } from "zod";
import type {
  confirmMyRecord,
  getMyInstruction,
  submitMyRecord,
  withdrawMyRecord,
} from "@/lib/data/campaign-records";
import type { auditCampaignDesign, createCampaign } from "@/lib/data/campaigns";
import type { DatasetDto } from "@/lib/data/datasets";
import type { previewSteerDesign } from "@/lib/data/steer-campaigns";
import type { getForecast, listForecasts, requestForecast } from "@/lib/data/forecasts";
import type {
  addStatement,
  allocateDots,
  castVote,
  moderateStatement,
  respondToProposal,
} from "@/lib/data/session-participation";
import type { changeSessionPhase, getSessionView } from "@/lib/data/sessions";
import type {
  addStatementSchema,
  allocationsSchema,
  moderateSchema,
  responseSchema,
  voteSchema,
} from "@/lib/validation/sessions";
import type { recordFieldsSchema } from "@/lib/validation/campaigns";

/** The success value of a use-case's Result: what its route sends as JSON. */
type Answer<F> = F extends (...args: never[]) => Promise<infer R>
  ? Extract<R, { ok: true }> extends { value: infer V }
    ? V
    : never
  : never;

/** The designer's live signal audit, by goal (plant: xi and Delta; erase: the gap). */
export type SignalAuditDto = Answer<typeof auditCampaignDesign>;

/** The steering designer's preview: the fit today, the target and the critical size. */
export type SteerPreviewDto = Answer<typeof previewSteerDesign>;

type ApiOutcome<T> =
  | { ok: true; status: number; data: T }
  | {
      ok: false;
      /** 0 when the server could not be reached. */
      status: number;
      message: string;
      /** Per-field messages of a 422. */
      fields?: Record<string, string[]>;
    };

const UNREACHABLE = "Could not reach the server. Check your connection.";

/** The message of the API's `{ error: { message } }` shape, or a fallback. */
function apiErrorMessage(json: unknown, fallback: string): string {
  if (
    json &&
    typeof json === "object" &&
    "error" in json &&
    json.error &&
    typeof json.error === "object" &&
    "message" in json.error
  ) {
    return String(json.error.message);
  }
  return fallback;
}

function fieldsOf(json: unknown): Record<string, string[]> | undefined {
  if (
    !json ||
    typeof json !== "object" ||
    !("error" in json) ||
    !json.error ||
    typeof json.error !== "object"
  )
    return undefined;
  if (!("fields" in json.error) || !json.error.fields || typeof json.error.fields !== "object")
    return undefined;
  return Object.fromEntries(
    Object.entries(json.error.fields).map(([k, v]) => [
      k,
      Array.isArray(v) ? v.map(String) : [String(v)],
    ]),
  );
}

/** Not exported: every call names its endpoint below, so its answer type is the route's. */
async function request<T>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
): Promise<ApiOutcome<T>> {
  try {
    const isForm = typeof FormData !== "undefined" && body instanceof FormData;
    const res = await fetch(`/api/v1${path}`, {
      method,
      // Polling must see the server's newest state, never a cached answer.
      cache: "no-store",
      headers:
        body === undefined || isForm
          ? { accept: "application/json" }
          : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    const json: unknown = await res.json().catch(() => null);
    // The one place the JSON is trusted: T is the Result value of the use-case the route returns.
    if (res.ok) return { ok: true, status: res.status, data: json as T };
    return {
      ok: false,
      status: res.status,
      message: apiErrorMessage(json, `Request failed (${res.status})`),
      fields: fieldsOf(json),
    };
  } catch {
    return { ok: false, status: 0, message: UNREACHABLE };
  }
}

const get = <T>(path: string) => request<T>("GET", path);

/** A poll's answer: `isUnchanged` (304) when the server still has the version `etag` names. */
type PollOutcome<T> =
  | { ok: true; isUnchanged: true; etag: string }
  | { ok: true; isUnchanged: false; etag: string | null; data: T }
  | Extract<ApiOutcome<T>, { ok: false }>;

/** A conditional GET: sends If-None-Match, so an unchanged answer costs a bodiless 304. */
async function poll<T>(path: string, etag: string | null): Promise<PollOutcome<T>> {
  try {
    const res = await fetch(`/api/v1${path}`, {
      cache: "no-store",
      headers: etag
        ? { accept: "application/json", "if-none-match": etag }
        : { accept: "application/json" },
    });
    if (res.status === 304 && etag) return { ok: true, isUnchanged: true, etag };
    const json: unknown = await res.json().catch(() => null);
    if (res.ok)
      return { ok: true, isUnchanged: false, etag: res.headers.get("etag"), data: json as T };
    return {
      ok: false,
      status: res.status,
      message: apiErrorMessage(json, `Request failed (${res.status})`),
      fields: fieldsOf(json),
    };
  } catch {
    return { ok: false, status: 0, message: UNREACHABLE };
  }
}
const post = <T>(path: string, body?: unknown) => request<T>("POST", path, body);

const session = (id: string) => `/sessions/${encodeURIComponent(id)}`;
const campaign = (id: string) => `/campaigns/${encodeURIComponent(id)}`;
const collective = (id: string) => `/collectives/${encodeURIComponent(id)}`;

export const api = {
  sessions: {
    get: (id: string) => get<Answer<typeof getSessionView>>(session(id)),
    /** The view unless it is still the one `etag` names (then `isUnchanged`). */
    poll: (id: string, etag: string | null) =>
      poll<Answer<typeof getSessionView>>(session(id), etag),
    changePhase: (id: string, action: "open" | "close") =>
      post<Answer<typeof changeSessionPhase>>(`${session(id)}/${action}`),
    addStatement: (id: string, body: z.input<typeof addStatementSchema>) =>
      post<Answer<typeof addStatement>>(`${session(id)}/statements`, body),
    vote: (id: string, body: z.input<typeof voteSchema>) =>
      post<Answer<typeof castVote>>(`${session(id)}/votes`, body),
    moderate: (id: string, statementId: string, body: z.input<typeof moderateSchema>) =>
      request<Answer<typeof moderateStatement>>(
        "PATCH",
        `${session(id)}/statements/${encodeURIComponent(statementId)}`,
        body,
      ),
    allocate: (id: string, body: z.input<typeof allocationsSchema>) =>
      post<Answer<typeof allocateDots>>(`${session(id)}/allocations`, body),
    respond: (id: string, body: z.input<typeof responseSchema>) =>
      post<Answer<typeof respondToProposal>>(`${session(id)}/responses`, body),
  },
  campaigns: {
    myInstruction: (id: string) =>
      get<Answer<typeof getMyInstruction>>(`${campaign(id)}/my-instruction`),
    submitMyRecord: (id: string, body: z.input<typeof recordFieldsSchema>) =>
      request<Answer<typeof submitMyRecord>>("PUT", `${campaign(id)}/my-record`, body),
    confirmMyRecord: (id: string, body: z.input<typeof recordFieldsSchema>) =>
      post<Answer<typeof confirmMyRecord>>(`${campaign(id)}/my-confirmation`, body),
    withdrawMyRecord: (id: string) =>
      request<Answer<typeof withdrawMyRecord>>("DELETE", `${campaign(id)}/my-record`),
    forecasts: (id: string) =>
      get<{ forecasts: Answer<typeof listForecasts> }>(`${campaign(id)}/forecasts`),
    requestForecast: (id: string) =>
      post<Answer<typeof requestForecast>>(`${campaign(id)}/forecasts`),
  },
  forecasts: {
    get: (id: string) => get<Answer<typeof getForecast>>(`/forecasts/${encodeURIComponent(id)}`),
  },
  collectives: {
    /** Multipart with `file` (and `name`): the CSV can be 20 MB, above a server action's body limit. */
    uploadDataset: (id: string, form: FormData) =>
      post<Pick<DatasetDto, "id" | "rows" | "columns">>(`${collective(id)}/datasets`, form),
    /** The designer's state is free-form until the server parses it with the campaign schema. */
    signalAudit: (id: string, body: Record<string, unknown>) =>
      post<SignalAuditDto>(`${collective(id)}/signal-audit`, body),
    createCampaign: (id: string, body: Record<string, unknown>) =>
      post<Answer<typeof createCampaign>>(`${collective(id)}/campaigns`, body),
    steerPreview: (id: string, body: Record<string, unknown>) =>
      post<SteerPreviewDto>(`${collective(id)}/steer-preview`, body),
  },
  // Recommender campaigns' calls (issue 12) go below this line.
  recommender: {
    /** Every insertion strategy forecast quickly on the design's sample (organizers). */
    preview: (collectiveId: string, body: Record<string, unknown>) =>
      post<Answer<typeof import("@/lib/data/recommender-campaigns").previewRecommenderDesign>>(
        `${collective(collectiveId)}/recommender-preview`,
        body,
      ),
    /** Multipart with one or more `file`s (Spotify's Playlist*.json); nothing is stored. */
    importPlaylists: (campaignId: string, form: FormData) =>
      post<Answer<typeof import("@/lib/data/recommender-import").importMyPlaylists>>(
        `${campaign(campaignId)}/my-record/import`,
        form,
      ),
  },
} as const;
