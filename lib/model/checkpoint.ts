/**
 * A Hugging Face checkpoint directory, as huggingface_hub and transformers' save_pretrained
 * write it: `model-00001-of-0000N.safetensors` … plus `model.safetensors.index.json`, or one
 * `model.safetensors` and no index when everything fits in one file; `config.json` when the
 * spec carries one (specs from `specFromHfConfig` and the generators do).
 *
 * Every file is a kaiming model file (lib/model/write.ts): `__metadata__` {"format": "pt",
 * "generator": "kaiming", "seed", "spec": its own tensors}, so each verifies alone, plus the whole
 * model's identity: "spec_sha256" (lib/model/identity.ts) and "spec_tensors" (the whole spec's
 * tensor count; "rank_tensors" too when expert parallelism leaves some tensors to other ranks),
 * also in the index's "metadata" beside total_size (transformers copies that object and adds its
 * own keys, reading only weight_map: `src/transformers/utils/hub.py` `get_checkpoint_shard_files`),
 * so that a file of another run, or a missing file, is found.
 *
 * The work is in one file per job; this module is their public face:
 * - lib/model/shard-size.ts      huggingface_hub's size strings ("5GB");
 * - lib/model/shard-plan.ts      huggingface_hub's split of tensors into files, and file names;
 * - lib/model/checkpoint-write.ts writing (and resuming) a directory;
 * - lib/model/checkpoint-verify.ts checking one.
 */
export { DEFAULT_MAX_SHARD_SIZE, parseShardSize } from './shard-size';
export { CONFIG_FILE, INDEX_FILE, SINGLE_FILE, planShards, type ShardPlan } from './shard-plan';
export { writeCheckpoint, type CheckpointProgress, type WriteCheckpointOptions, type WriteCheckpointResult } from './checkpoint-write';
export { verifyCheckpoint } from './checkpoint-verify';
