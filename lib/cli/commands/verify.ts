/**
 * `kaiming verify MODEL.safetensors [--spec SPEC.json]` (make every tensor again and
 * compare), `kaiming verify DIR|model.safetensors.index.json` (a checkpoint directory) and `kaiming verify --full FULL.safetensors SHARD…` (shards put together
 * equal the full file).
 */
import * as fs from 'node:fs';
import { verifyModel, verifyRanks, verifyShards, type VerifyResult } from '../../model/verify';
import { verifyCheckpoint } from '../../model/checkpoint';
import { UsageError } from '../args';
import type { Output } from '../io';
import { EXIT, work, type CommandContext } from '../program';
import { formatBytes } from '../sizes';

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false; // a missing file is reported by the reader, naming it
  }
}

/**
 * One line: on success the claim that now holds (`ok`), on failure only what was checked
 * against what (`checked`, which claims nothing), then the problems.
 */
function report(result: VerifyResult, lines: { ok: string; checked: string }, out: Output): number {
  if (result.ok) {
    out.write(`kaiming verify: OK: ${lines.ok} (${result.tensors} tensors, ${formatBytes(result.bytes)})\n`);
    return EXIT.ok;
  }
  out.write(`kaiming verify: FAILED: ${lines.checked}\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`);
  return EXIT.failure;
}

export function registerVerify(ctx: CommandContext): void {
  ctx
    .command('verify')
    .description('regenerate a model file from its spec and compare, or check that shards put together equal the full file')
    .argument('[files...]', 'MODEL.safetensors, a checkpoint directory or its index; several: every rank file of a job; or with --full the shard files')
    .option('--spec <file>', 'the spec to compare with (default: the spec in the file\'s metadata)')
    .option('--full <file>', 'the full file the shard files must put together')
    .addHelpText('after', '\nExit status 1 when the files differ.')
    .action(
      ctx.action('kaiming verify', async (files: string[], opts: { spec?: string; full?: string }) => {
        if (opts.full !== undefined) {
          if (files.length === 0) throw new UsageError('Expected shard files after --full FULL.safetensors');
          const full = opts.full;
          // verifyShards compares single files; a checkpoint directory (one rank's, several files) is verified alone.
          for (const [name, value] of [['--full', full], ...files.map((f, i) => [`shard file ${i + 1} after --full`, f])]) {
            if (isDirectory(value)) {
              throw new UsageError(`Expected a .safetensors file for ${name} but received the directory ${JSON.stringify(value)} (verify a checkpoint directory alone: kaiming verify DIR)`);
            }
          }
          const result = await work(() => verifyShards(full, files));
          return report(result, { ok: `${files.length} shard(s) put together equal ${full}`, checked: `${files.length} shard(s) put together checked against ${full}` }, ctx.io.stdout);
        }
        if (files.length === 0) throw new UsageError('Expected a model file, or the files of every rank of a job');
        if (files.length > 1) {
          if (opts.spec !== undefined) throw new UsageError('Expected one model file with --spec (rank files carry their spec)');
          const result = await work(() => verifyRanks(files));
          return report(
            result,
            { ok: `${files.length} rank file(s) match their spec and put together make every tensor`, checked: `${files.length} rank file(s) checked against their spec and for every tensor` },
            ctx.io.stdout,
          );
        }
        const specPath = opts.spec;
        const target = files[0];
        const isCheckpoint = target.endsWith('.index.json') || isDirectory(target);
        if (isCheckpoint) {
          if (specPath !== undefined) throw new UsageError('Expected no --spec with a checkpoint: each of its files is checked against the spec in its metadata');
          const result = await work(() => verifyCheckpoint(target));
          return report(result, { ok: `the checkpoint ${target} matches the specs in its files`, checked: `the checkpoint ${target} checked against the specs in its files` }, ctx.io.stdout);
        }
        const reference = specPath ?? 'the spec in its metadata';
        const result = await work(async () => {
          const spec = specPath === undefined ? undefined : JSON.parse(fs.readFileSync(specPath, 'utf8'));
          return verifyModel(files[0], { spec });
        });
        return report(result, { ok: `${files[0]} matches ${reference}`, checked: `${files[0]} checked against ${reference}` }, ctx.io.stdout);
      }),
    );
}
