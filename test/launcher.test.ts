import { expect } from 'chai';
import { rankFromEnvironment } from '../lib/model/launcher';

describe('launcher ranks (--rank auto)', () => {
  it('reads torchrun, Slurm, Open MPI and MPICH/PMI variables', () => {
    expect(rankFromEnvironment({ RANK: '3', WORLD_SIZE: '8', LOCAL_RANK: '1' })).to.deep.equal({ rank: 3, world: 8, localRank: 1, sources: ['torchrun'] });
    expect(rankFromEnvironment({ SLURM_PROCID: '0', SLURM_NTASKS: '4' })).to.deep.equal({ rank: 0, world: 4, sources: ['Slurm'] });
    expect(rankFromEnvironment({ OMPI_COMM_WORLD_RANK: '2', OMPI_COMM_WORLD_SIZE: '4' })).to.deep.equal({ rank: 2, world: 4, sources: ['Open MPI'] });
    expect(rankFromEnvironment({ PMI_RANK: '5', PMI_SIZE: '6' })).to.deep.equal({ rank: 5, world: 6, sources: ['MPICH/PMI'] });
    // Launchers that agree (srun under an MPI that also sets PMI) are one rank.
    expect(rankFromEnvironment({ SLURM_PROCID: '1', SLURM_NTASKS: '2', PMI_RANK: '1', PMI_SIZE: '2' }).sources).to.deep.equal(['Slurm', 'MPICH/PMI']);
  });

  it('refuses missing, half-set, invalid and conflicting variables, naming them', () => {
    expect(() => rankFromEnvironment({})).to.throw(RangeError,
      "Expected a launcher's rank variables for --rank auto (RANK/WORLD_SIZE, SLURM_PROCID/SLURM_NTASKS, OMPI_COMM_WORLD_RANK/OMPI_COMM_WORLD_SIZE, PMI_RANK/PMI_SIZE) but received none; start under torchrun, srun or mpirun, or pass --rank N");
    expect(() => rankFromEnvironment({ RANK: '1' })).to.throw(RangeError, 'Expected both RANK and WORLD_SIZE (torchrun) for --rank auto but received only RANK=1');
    expect(() => rankFromEnvironment({ PMI_SIZE: '4' })).to.throw(RangeError, 'Expected both PMI_RANK and PMI_SIZE (MPICH/PMI) for --rank auto but received only PMI_SIZE=4');
    expect(() => rankFromEnvironment({ RANK: 'x', WORLD_SIZE: '2' })).to.throw(RangeError, 'Expected a non-negative integer for RANK but received "x" (string)');
    expect(() => rankFromEnvironment({ RANK: '2', WORLD_SIZE: '2' })).to.throw(RangeError, 'Expected RANK < WORLD_SIZE (torchrun) for --rank auto but received RANK=2, WORLD_SIZE=2');
    expect(() => rankFromEnvironment({ RANK: '3', WORLD_SIZE: '8', SLURM_PROCID: '0', SLURM_NTASKS: '2' })).to.throw(RangeError,
      'Expected one rank from the launchers for --rank auto but received RANK=3 WORLD_SIZE=8 (torchrun) and SLURM_PROCID=0 SLURM_NTASKS=2 (Slurm); pass --rank N');
  });
});
