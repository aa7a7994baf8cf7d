/** One run of a word diff: text both sides share, or text only the after (insert) or before (delete) side has. */
export type DiffPart = { kind: "equal" | "insert" | "delete"; text: string };

/** Above this many table cells, the changed middle is shown as one removal and one insertion. */
const MAX_CELLS = 4_000_000;

function tokenize(text: string): string[] {
  return text.match(/\s+|\S+/g) ?? [];
}

function push(parts: DiffPart[], kind: DiffPart["kind"], text: string) {
  if (!text) return;
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

/**
 * Diffs two texts word by word (words and whitespace runs are tokens), by longest common
 * subsequence. Concatenating the equal and delete parts gives `before`; the equal and insert
 * parts give `after`. Adjacent parts of one kind are merged, and deletions come before
 * insertions where both replace the same span.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  push(parts, "equal", a.slice(0, start).join(""));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  for (const p of diffMiddle(midA, midB)) push(parts, p.kind, p.text);
  push(parts, "equal", a.slice(endA).join(""));
  return absorbWhitespace(parts);
}

/**
 * A whitespace-only equal part between two changes joins them, so "a b" -> "x y" reads as one
 * removal and one insertion rather than two interleaved pairs.
 */
function absorbWhitespace(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let dels = "";
  let ins = "";
  let pending = ""; // whitespace seen after a change, kept until we know what follows it
  let inChange = false;
  const close = () => {
    push(out, "delete", dels);
    push(out, "insert", ins);
    dels = ins = "";
    inChange = false;
  };
  for (const p of parts) {
    if (p.kind === "equal") {
      if (inChange && pending === "" && /^\s+$/.test(p.text)) {
        pending = p.text;
        continue;
      }
      if (inChange) close();
      push(out, "equal", pending + p.text);
      pending = "";
      continue;
    }
    if (pending) {
      dels += pending;
      ins += pending;
      pending = "";
    }
    inChange = true;
    if (p.kind === "delete") dels += p.text;
    else ins += p.text;
  }
  if (inChange) close();
  push(out, "equal", pending);
  return out;
}

function diffMiddle(a: string[], b: string[]): DiffPart[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_CELLS) {
    return [
      { kind: "delete", text: a.join("") },
      { kind: "insert", text: b.join("") },
    ];
  }
  // lcs[i * (m + 1) + j] = length of the LCS of a[i..] and b[j..].
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
    }
  }
  const out: DiffPart[] = [];
  let dels = "";
  let ins = "";
  const flush = () => {
    push(out, "delete", dels);
    push(out, "insert", ins);
    dels = "";
    ins = "";
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const ta = a[i] ?? "";
    const tb = b[j] ?? "";
    if (ta === tb) {
      flush();
      push(out, "equal", ta);
      i++;
      j++;
    } else if ((lcs[(i + 1) * w + j] ?? 0) >= (lcs[i * w + j + 1] ?? 0)) {
      dels += ta;
      i++;
    } else {
      ins += tb;
      j++;
    }
  }
  dels += a.slice(i).join("");
  ins += b.slice(j).join("");
  flush();
  return out;
}
