/**
 * How the bench reads CPU per event: the best of seven rounds after three warm-up rounds. Process CPU counts V8's
 * compiler threads too: one warm-up round left the first client measured still paying for its code being optimised
 * (up to 1.3x its steady cost, while the same path measured second did not), so each gets three. With several sides
 * (incidents on and off), their rounds alternate, so a busy stretch of a shared machine weighs on all alike.
 */

/** Each side's best round; a round resolves with what it measured (CPU microseconds per event). */
export async function bestRounds(sides: readonly (() => Promise<number>)[]): Promise<number[]> {
  for (let warm = 0; warm < 3; warm++) for (const side of sides) await side();
  const best = sides.map(() => Infinity);
  for (let round = 0; round < 7; round++) {
    for (const [i, side] of sides.entries()) best[i] = Math.min(best[i] ?? Infinity, await side());
  }
  return best;
}

/** CPU microseconds per event of `run(n)`, the whole call measured: {@link bestRounds} of one side. */
export async function cpuPerEvent(n: number, run: (count: number) => Promise<void>): Promise<number> {
  const [best] = await bestRounds([
    async () => {
      const start = process.cpuUsage();
      await run(n);
      const used = process.cpuUsage(start);
      return (used.user + used.system) / n;
    },
  ]);
  return best ?? Infinity;
}
