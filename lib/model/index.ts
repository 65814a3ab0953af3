/**
 * Whole models: specs, presets, the streaming writer and verification (docs/MODELS.md).
 */
export { resolveSpec, parseSpec, flatSpec, specSize, specSeed, MODULES as SPEC_MODULES } from './spec';
export type { ModelSpec, TensorEntry, ModuleEntry, ResolvedSpec, ResolvedTensor } from './spec';
export { gpt2, llama, specFromLayout } from './presets';
export type { GPT2Options, LlamaOptions, RecipeChoice } from './presets';
export { initModel, modelMetadata } from './write';
export type { InitModelOptions, InitModelProgress, InitModelResult } from './write';
export { verifyModel, verifyShards } from './verify';
export { readSafetensorsHeader } from '../formats/safetensors';
export type { VerifyResult, VerifyModelOptions, VerifyShardsOptions } from './verify';
export type { HeaderEntry, SafetensorsHeaderInfo } from '../formats/safetensors';
export { splitRange, partOf, partsOf } from './pieces';
export type { Shard, ShardDim, Part } from './pieces';
export { specFromHfConfig, specFromHfConfigText, HF_ARCHITECTURES } from './hf-config';
export type { HfConfigOptions, HfArchitecture } from './hf-config';
export { RECIPES, RECIPE_NAMES, recipeByName, applyRecipe } from './recipes';
export type { Recipe, RecipeOptions, Init } from './recipes';
export { gpt2Layout, llamaLayout } from './architectures';
export type { GPT2Dims, LlamaDims } from './architectures';
export { defineArchitecture, architectureIds, architectureById } from './architecture';
export type { Architecture, ModelLayout, ArchitectureTensor, TensorRole, BaseRole, ExpertSlot, RecipeTable, RoleInit, ArchitecturePlan } from './architecture';
export { writeCheckpoint, verifyCheckpoint, planShards, parseShardSize, DEFAULT_MAX_SHARD_SIZE } from './checkpoint';
export type { WriteCheckpointOptions, WriteCheckpointResult, CheckpointProgress, ShardPlan } from './checkpoint';
export { initModelRanks } from './write-ranks';
export type { InitModelRanksOptions } from './write-ranks';
export { verifyRanks } from './verify';
export { PARALLEL_STYLES, PARALLEL_SCHEMES, chunkRange, placementOfRank, boxOf } from './parallel';
export type { ParallelStyle, ParallelScheme, ParallelEntry, Placement, Group } from './parallel';
export type { ParallelOption } from './ranks';
