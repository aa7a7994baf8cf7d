/**
 * A synthetic playlist sample (`"sample": "synthetic-playlists"`), seeded, for forecasts
 * when a collective has no sequence data of its own. What makes it realistic enough for the
 * campaign arithmetic, and how each property is produced:
 *
 * - Long-tailed item popularity: item weights follow Zipf-Mandelbrot, w = 1 / (rank + 50)^s
 *   with s = 1.1 by default, ranks shuffled over a catalogue of twice as many items as
 *   playlists. The flat head (+50) and the tail match real playlists in shape: for 5,000
 *   playlists the items at popularity rank 1/10/100/1000/5000 are in 421/347/151/32/7
 *   playlists here against 221/163/96/34/7 in 5,000 Spotify MPD playlists (the head is
 *   still about twice as concentrated; 4% of items appear once here, 25% there).
 * - Taste clusters (genres): every item belongs to one cluster (cluster sizes are themselves
 *   Zipf-like, exponent 0.5). A playlist has a main cluster (drawn by the clusters' total
 *   popularity) and a secondary one; each entry comes from the main cluster with probability
 *   `inCluster` (0.8), from the secondary with 0.15, and from the whole catalogue otherwise,
 *   always popularity-weighted. So items co-occur mostly within their cluster.
 * - Artists: a cluster's items are cut into artists of about 8 tracks; with probability
 *   `sameArtist` (0.25) the next entry is another track by the previous entry's artist,
 *   which gives the sequential, next-item structure real playlists have.
 * - Playlist lengths are log-normal with median 26 and log-sd 0.55, clamped to [5, 250]
 *   (the MPD slice: 5th/25th/50th/75th/95th percentiles 11/17/26/38/62).
 * - No track twice in a playlist.
 */
import { createRng, deriveSeed, shuffled, type Rng } from "../../core/random";
import type { SequenceSet } from "./sequence-set";

export interface SyntheticPlaylistOptions {
  /** Number of playlists. */
  sequences: number;
  /** Catalogue size; default: as many items as playlists (at least 100). */
  items?: number;
  /** Taste clusters; default sqrt(items) / 3, between 4 and 200. */
  clusters?: number;
  /** Zipf exponent of item popularity; default 1. */
  zipf?: number;
  medianLength?: number;
  /** Standard deviation of log length; default 0.55. */
  lengthSpread?: number;
  /** Share of entries from the playlist's main cluster; default 0.8. */
  inCluster?: number;
  /** Probability that the next entry is by the previous entry's artist; default 0.25. */
  sameArtist?: number;
  seed?: number;
}

/** Cumulative weights of a list of items, for popularity-weighted draws by bisection. */
interface Urn {
  items: Int32Array;
  cumulative: Float64Array;
}

function makeUrn(items: readonly number[], weight: Float64Array): Urn {
  const cumulative = new Float64Array(items.length);
  let total = 0;
  items.forEach((i, k) => {
    total += weight[i] ?? 0;
    cumulative[k] = total;
  });
  return { items: Int32Array.from(items), cumulative };
}

function draw(urn: Urn, rng: Rng): number {
  const n = urn.cumulative.length;
  const u = rng.next() * (urn.cumulative[n - 1] ?? 0);
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((urn.cumulative[mid] ?? 0) > u) hi = mid;
    else lo = mid + 1;
  }
  return urn.items[lo] ?? 0;
}

/**
 * Generate the sample: playlist ids `p00042`, item ids `t000042`, item metadata title, artist
 * and cluster (`genre`). 50,000 playlists take about a second. Deterministic per options.
 */
export function generateSyntheticPlaylists(opts: SyntheticPlaylistOptions): SequenceSet {
  const nSeq = Math.max(1, Math.floor(opts.sequences));
  const nItems = Math.max(100, Math.floor(opts.items ?? nSeq * 2));
  const nClusters = Math.max(
    1,
    Math.floor(opts.clusters ?? Math.min(200, Math.max(4, Math.round(Math.sqrt(nItems) / 3)))),
  );
  const s = opts.zipf ?? 1.1;
  const inCluster = opts.inCluster ?? 0.8;
  const sameArtist = opts.sameArtist ?? 0.25;
  const median = opts.medianLength ?? 26;
  const spread = opts.lengthSpread ?? 0.55;
  const seed = opts.seed ?? 0;
  const rng = createRng(deriveSeed(seed, "synthetic-playlists", nSeq, nItems));

  // Popularity: Zipf-Mandelbrot weight by a shuffled rank.
  const ranks = shuffled(
    Array.from({ length: nItems }, (_, i) => i),
    rng,
  );
  const weight = new Float64Array(nItems);
  ranks.forEach((r, i) => (weight[i] = 1 / (r + 50) ** s));

  // Clusters of Zipf-like sizes; a cluster's items are cut into artists of ~8 tracks.
  const clusterUrn = makeUrn(
    Array.from({ length: nClusters }, (_, c) => c),
    Float64Array.from({ length: nClusters }, (_, c) => 1 / (c + 1) ** 0.5),
  );
  const members: number[][] = Array.from({ length: nClusters }, () => []);
  const clusterOf = new Int32Array(nItems);
  for (let i = 0; i < nItems; i++) {
    const c = draw(clusterUrn, rng);
    clusterOf[i] = c;
    members[c]?.push(i);
  }
  const artistOf = new Int32Array(nItems);
  const artistTracks: number[][] = [];
  for (const list of members) {
    let left = 0;
    for (const i of list) {
      if (left === 0) {
        artistTracks.push([]);
        left = 1 + Math.floor(-Math.log(1 - rng.next()) * 7);
      }
      artistOf[i] = artistTracks.length - 1;
      artistTracks[artistTracks.length - 1]?.push(i);
      left--;
    }
  }
  const urns = members.map((list) => makeUrn(list, weight));
  const artistUrns = artistTracks.map((list) => makeUrn(list, weight));
  const everything = makeUrn(
    Array.from({ length: nItems }, (_, i) => i),
    weight,
  );
  // A playlist's main cluster is drawn by the cluster's total popularity.
  const tasteUrn = makeUrn(
    Array.from({ length: nClusters }, (_, c) => c),
    Float64Array.from(urns, (u) => u.cumulative[u.cumulative.length - 1] ?? 0),
  );

  // Filled directly (item indices are known): no id interning for a million entries.
  const width = String(nItems - 1).length;
  const items = Array.from({ length: nItems }, (_, i) => `t${String(i).padStart(width, "0")}`);
  const meta = {
    title: Array.from({ length: nItems }, (_, i) => `Song ${i}`),
    artist: Array.from(artistOf, (a) => `Artist ${a}`),
    genre: Array.from(clusterOf, (c) => `cluster ${c}`),
  };
  const seqWidth = String(nSeq - 1).length;
  const ids = Array.from({ length: nSeq }, (_, p) => `p${String(p).padStart(seqWidth, "0")}`);
  const offsets = new Int32Array(nSeq + 1);
  let entries = new Int32Array(Math.max(1024, nSeq * median * 1.3));
  let used = 0;
  const inList = new Uint8Array(nItems);
  for (let p = 0; p < nSeq; p++) {
    const length = Math.min(250, Math.max(5, Math.round(median * Math.exp(spread * rng.normal()))));
    if (used + length > entries.length) {
      const grown = new Int32Array(Math.max(entries.length * 2, used + length));
      grown.set(entries);
      entries = grown;
    }
    const main = urns[draw(tasteUrn, rng)] ?? everything;
    const second = urns[draw(tasteUrn, rng)] ?? everything;
    const start = used;
    let previous = -1;
    for (let k = 0; k < length; k++) {
      let item = -1;
      // Redraw a few times on a repeat; a playlist that cannot grow further ends early.
      for (let attempt = 0; attempt < 8 && item < 0; attempt++) {
        const u = rng.next();
        const artistUrn = previous >= 0 ? artistUrns[artistOf[previous] ?? 0] : undefined;
        const urn =
          artistUrn !== undefined && rng.next() < sameArtist
            ? artistUrn
            : u < inCluster
              ? main
              : u < inCluster + 0.15
                ? second
                : everything;
        const candidate = draw(urn, rng);
        if (inList[candidate] === 0) item = candidate;
      }
      if (item < 0) break;
      inList[item] = 1;
      entries[used++] = item;
      previous = item;
    }
    for (let k = start; k < used; k++) inList[entries[k] ?? 0] = 0;
    offsets[p + 1] = used;
  }
  return { ids, items, offsets, entries: entries.slice(0, used), meta };
}
