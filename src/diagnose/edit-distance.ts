/**
 * The Damerau-Levenshtein distance in its optimal-string-alignment form: insertions,
 * deletions, substitutions and transpositions of two adjacent characters each cost one
 * (`gmial` -> `gmail` is one edit, not two), and no substring is edited twice. Bounded: work
 * stops as soon as the distance must exceed `max`, so comparing one domain with a few hundred
 * provider domains stays cheap whatever the input (its length is capped by the caller too).
 * Damerau, "A technique for computer detection and correction of spelling errors",
 * CACM 7(3), 1964.
 * @module
 */

/**
 * The distance between `a` and `b`, or `max + 1` when it is larger than `max`.
 *
 * @example
 * ```ts
 * editDistance('gmial.com', 'gmail.com', 2); // 1 (one transposition)
 * editDistance('outlok.com', 'outlook.com', 2); // 1 (one insertion)
 * ```
 */
export function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  // Three rows: two back (for transpositions), one back, and the current one.
  let before = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let current = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  const result = previous[b.length] ?? max + 1;
  return result > max ? max + 1 : result;
}
