/**
 * The opinion map: the clustered participants' votes fix two axes by PCA, then every
 * participant (clustered or not) is placed on them.
 */
import { fitCentredPca } from "./pca";
import { centreVotes, centredValue, type CentredVotes } from "./centred-votes";
import { countVotes, type VoteCell } from "./vote-matrix";

/** Axes fitted on some rows and every row's place on them. */
export interface Embedding {
  /** x and y of every row of `allRows`. */
  coordinates: [number, number][];
  /** Loadings of the two axes (each of length p), empty without data. */
  components: number[][];
  /** Variance share of each axis. */
  explained: [number, number];
  /** Total variance of the fitted rows (the null test compares against it). */
  totalVariance: number;
  /** The fitted rows, centred (the null test shuffles them). */
  votes: CentredVotes;
}

/**
 * Fit the axes on `fitRows` and project `allRows`. Unseen cells take the statement's mean
 * over the fitted rows, i.e. "no information": they land on 0 after centring.
 */
export function embedVotes(
  fitRows: readonly (readonly VoteCell[])[],
  allRows: readonly (readonly VoteCell[])[],
  p: number,
  scaleSparse: boolean,
): Embedding {
  const votes = centreVotes(fitRows, p);
  const n = fitRows.length;
  if (n === 0 || p === 0) {
    const coordinates = allRows.map((): [number, number] => [0, 0]);
    return { coordinates, components: [], explained: [0, 0], totalVariance: 0, votes };
  }
  const pca = fitCentredPca(votes.columns, n, p, Array.from(votes.means), 2);
  const [c1 = [], c2 = []] = pca.components;
  const coordinates = allRows.map((row): [number, number] => {
    let x = 0;
    let y = 0;
    for (let j = 0; j < p; j++) {
      const value = centredValue(votes.means, j, row[j]);
      if (value === 0) continue;
      x += value * (c1[j] ?? 0);
      y += value * (c2[j] ?? 0);
    }
    // Mean-filling pulls sparse voters to the centre; Pol.is pushes them back out so
    // the map reflects opinions rather than how much someone voted.
    const count = countVotes(row);
    const scale = scaleSparse && count > 0 ? Math.sqrt(p / count) : 1;
    return [x * scale, y * scale];
  });
  const explained: [number, number] = [
    pca.explainedVarianceRatio[0] ?? 0,
    pca.explainedVarianceRatio[1] ?? 0,
  ];
  return {
    coordinates,
    components: pca.components,
    explained,
    totalVariance: pca.totalVariance,
    votes,
  };
}
