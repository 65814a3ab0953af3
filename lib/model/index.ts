/**
 * Whole models: specs, presets, the streaming writer and verification (docs/MODELS.md).
 */
export { resolveSpec, parseSpec, flatSpec, specSize, specSeed, MODULES as SPEC_MODULES } from './spec';
export type { ModelSpec, TensorEntry, ModuleEntry, ResolvedSpec, ResolvedTensor } from './spec';
export { gpt2, llama } from './presets';
export type { GPT2Options, LlamaOptions } from './presets';
export { initModel, modelMetadata } from './write';
export type { InitModelOptions, InitModelProgress, InitModelResult } from './write';
export { verifyModel, verifyShards } from './verify';
export { readSafetensorsHeader } from '../formats/safetensors';
export type { VerifyResult, VerifyModelOptions, VerifyShardsOptions } from './verify';
export type { HeaderEntry, SafetensorsHeaderInfo } from '../formats/safetensors';
export { splitRange, partOf, partsOf } from './pieces';
export type { Shard, ShardDim, Part } from './pieces';
export { initModelRanks } from './write-ranks';
export type { InitModelRanksOptions } from './write-ranks';
export { verifyRanks } from './verify';
export { PARALLEL_STYLES, PARALLEL_SCHEMES, chunkRange, placementOfRank, boxOf } from './parallel';
export type { ParallelStyle, ParallelScheme, ParallelEntry, Placement, Group } from './parallel';
export type { ParallelOption } from './ranks';
