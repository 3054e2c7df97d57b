/**
 * Choosing topology groups (regions, zones, ...) for spread constraints, as Karmada's
 * `selectGroups`: enumerate the combinations of [minGroups, maxGroups] groups whose clusters
 * number at least the cluster constraint's minGroups, and prefer the highest total score, then
 * the most clusters, then the first found; a feasible prefix of the best path wins over it.
 * Beyond Karmada: when a replica count is given, combinations whose groups can hold it are
 * preferred over those that cannot.
 */

/** A candidate group: `value` is its cluster count, `weight` its score (best cluster score). */
export interface GroupInfo {
  readonly name: string;
  readonly value: number;
  readonly weight: number;
  /** Sum of available replicas of its clusters. */
  readonly available: number;
}

interface Path {
  id: number;
  groups: GroupInfo[];
  weight: number;
  value: number;
  available: number;
}

/** Above this many groups the exhaustive search gives way to a greedy choice. */
export const MAX_EXHAUSTIVE_GROUPS = 16;

function byWeightThenName(a: GroupInfo, b: GroupInfo): number {
  if (a.weight !== b.weight) return b.weight - a.weight;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** A sorted copy by insertion: paths hold a few groups, and Array#sort allocates a work area per call. */
function sortedCopy(groups: readonly GroupInfo[]): GroupInfo[] {
  const out: GroupInfo[] = [];
  for (const g of groups) {
    let i = out.length;
    while (i > 0 && byWeightThenName(out[i - 1] as GroupInfo, g) > 0) i--;
    out.splice(i, 0, g);
  }
  return out;
}

function makePath(id: number, groups: readonly GroupInfo[]): Path {
  const sorted = sortedCopy(groups);
  let weight = 0;
  let value = 0;
  let available = 0;
  for (const g of sorted) {
    weight += g.weight;
    value += g.value;
    available += g.available;
  }
  return { id, groups: sorted, weight, value, available };
}

function findFeasiblePaths(groups: GroupInfo[], min: number, max: number, target: number): Path[] {
  const sorted = [...groups].sort((a, b) => {
    if (a.value !== b.value) return a.value - b.value;
    if (a.weight !== b.weight) return b.weight - a.weight;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  const paths: Path[] = [];
  const stack: GroupInfo[] = [];
  let nextId = 0;
  const dfs = (sum: number, begin: number): void => {
    if (sum >= target && stack.length >= min && stack.length <= max) {
      paths.push(makePath(nextId++, stack));
      return;
    }
    if (stack.length >= max) return;
    for (let i = begin; i < sorted.length; i++) {
      const g = sorted[i] as GroupInfo;
      stack.push(g);
      dfs(sum + g.value, i + 1);
      stack.pop();
    }
  };
  dfs(0, 0);
  return paths;
}

function isPrefixOf(sub: Path, path: Path): boolean {
  if (sub.groups.length >= path.groups.length) return false;
  return sub.groups.every((g, i) => path.groups[i]?.name === g.name);
}

function prioritize(paths: Path[]): Path | undefined {
  paths.sort((a, b) => {
    if (a.weight !== b.weight) return b.weight - a.weight;
    if (a.value !== b.value) return b.value - a.value;
    return a.id - b.id;
  });
  let best = paths[0];
  if (best === undefined) return undefined;
  for (let i = 1; i < paths.length; i++) {
    const p = paths[i] as Path;
    if (isPrefixOf(p, best)) best = p;
  }
  return best;
}

function greedy(groups: GroupInfo[], min: number, max: number, target: number): GroupInfo[] {
  const out: GroupInfo[] = [];
  let sum = 0;
  for (const g of [...groups].sort(byWeightThenName)) {
    if (out.length >= max) break;
    if (sum >= target && out.length >= min) break;
    out.push(g);
    sum += g.value;
  }
  return sum >= target && out.length >= min && out.length <= max ? out : [];
}

/**
 * The best groups, best first (score descending, then name), or [] when no combination satisfies
 * the constraints. `needReplicas` < 0 ignores capacity.
 */
export function selectGroups(groups: readonly GroupInfo[], minGroups: number, maxGroups: number, targetClusters: number, needReplicas = -1): GroupInfo[] {
  if (groups.length === 0) return [];
  if (groups.length > MAX_EXHAUSTIVE_GROUPS) return greedy([...groups], minGroups, maxGroups, targetClusters);
  const paths = findFeasiblePaths([...groups], minGroups, maxGroups, targetClusters);
  if (paths.length === 0) return [];
  if (needReplicas >= 0) {
    const roomy = paths.filter((p) => p.available >= needReplicas);
    if (roomy.length > 0) return prioritize(roomy)?.groups ?? [];
  }
  return prioritize(paths)?.groups ?? [];
}
