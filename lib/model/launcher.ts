/**
 * A process's rank and world size from what its launcher set (`--rank auto`):
 * - torchrun:   RANK, WORLD_SIZE (and LOCAL_RANK)   torch/distributed/run.py, elastic agent's worker env
 * - Slurm:      SLURM_PROCID, SLURM_NTASKS          srun(1) "OUTPUT ENVIRONMENT VARIABLES"
 * - Open MPI:   OMPI_COMM_WORLD_RANK, OMPI_COMM_WORLD_SIZE   mpirun(1) "Exported environment variables"
 * - MPICH/PMI:  PMI_RANK, PMI_SIZE                  the Hydra process manager's PMI-1 environment
 * Every launcher found must agree; a launcher with only one of its two variables, values that
 * are not ranks, or none at all are errors naming the variables.
 */

/** The launchers and their (rank, size) variables, in the order messages list them. */
export const LAUNCHERS = [
  { name: 'torchrun', rank: 'RANK', size: 'WORLD_SIZE' },
  { name: 'Slurm', rank: 'SLURM_PROCID', size: 'SLURM_NTASKS' },
  { name: 'Open MPI', rank: 'OMPI_COMM_WORLD_RANK', size: 'OMPI_COMM_WORLD_SIZE' },
  { name: 'MPICH/PMI', rank: 'PMI_RANK', size: 'PMI_SIZE' },
] as const;

export interface LauncherRank {
  rank: number;
  world: number;
  /** torchrun's LOCAL_RANK, when set. */
  localRank?: number;
  /** The launchers whose variables gave it (e.g. ["Open MPI"]). */
  sources: string[];
}

function decimal(env: NodeJS.ProcessEnv, name: string): number {
  const text = env[name] ?? '';
  if (!/^(0|[1-9][0-9]{0,8})$/.test(text)) throw new RangeError(`Expected a non-negative integer for ${name} but received ${JSON.stringify(text)} (string)`);
  return Number(text);
}

/** Rank and world size from the launcher's environment (default process.env). */
export function rankFromEnvironment(env: NodeJS.ProcessEnv = process.env): LauncherRank {
  const found: { name: string; rank: number; world: number; vars: string }[] = [];
  for (const l of LAUNCHERS) {
    const hasRank = env[l.rank] !== undefined;
    const hasSize = env[l.size] !== undefined;
    if (!hasRank && !hasSize) continue;
    if (!hasRank || !hasSize) {
      throw new RangeError(
        `Expected both ${l.rank} and ${l.size} (${l.name}) for --rank auto but received only ${hasRank ? `${l.rank}=${env[l.rank]}` : `${l.size}=${env[l.size]}`}`,
      );
    }
    const rank = decimal(env, l.rank);
    const world = decimal(env, l.size);
    if (world < 1 || rank >= world) {
      throw new RangeError(`Expected ${l.rank} < ${l.size} (${l.name}) for --rank auto but received ${l.rank}=${rank}, ${l.size}=${world}`);
    }
    found.push({ name: l.name, rank, world, vars: `${l.rank}=${rank} ${l.size}=${world}` });
  }
  if (found.length === 0) {
    throw new RangeError(
      `Expected a launcher's rank variables for --rank auto (${LAUNCHERS.map((l) => `${l.rank}/${l.size}`).join(', ')}) but received none; ` +
        'start under torchrun, srun or mpirun, or pass --rank N',
    );
  }
  const conflict = found.find((f) => f.rank !== found[0].rank || f.world !== found[0].world);
  if (conflict !== undefined) {
    throw new RangeError(
      `Expected one rank from the launchers for --rank auto but received ${found.map((f) => `${f.vars} (${f.name})`).join(' and ')}; pass --rank N`,
    );
  }
  const localRank = env.LOCAL_RANK === undefined ? undefined : decimal(env, 'LOCAL_RANK');
  return { rank: found[0].rank, world: found[0].world, ...(localRank === undefined ? {} : { localRank }), sources: found.map((f) => f.name) };
}
