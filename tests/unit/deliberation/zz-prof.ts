import { computeOpinionGroups } from "@/lib/deliberation/opinion-groups";
import { fitPca } from "@/lib/deliberation/pca";
import { randomMatrix } from "./synthetic-votes";
for (const [n, p] of [[50, 20], [200, 40], [1000, 60]] as const) {
  const m = randomMatrix(n, p, 1);
  let t = Date.now();
  computeOpinionGroups(m, { nullSamples: 0 });
  const a = Date.now() - t;
  t = Date.now();
  computeOpinionGroups(m);
  const b = Date.now() - t;
  t = Date.now();
  fitPca(m.votes.map((r) => r.map((c) => c ?? 0)), 2);
  console.log(n, p, "no-null", a, "with-null", b, "one pca", Date.now() - t);
}
