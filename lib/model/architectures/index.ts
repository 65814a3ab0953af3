/**
 * Registers every architecture: one import per family file (lib/model/architecture.ts says what a
 * file holds). The next family is one file beside these and one line here.
 */
import './llama';
import './mistral';
import './qwen2';
import './gpt2';
// Mixture-of-experts families (building blocks in ./moe).
import './mixtral';
import './qwen2_moe';
import './qwen3_moe';
import './deepseek_v2';
import './deepseek_v3';
import './gpt_oss';

export { llamaLayout, type LlamaDims } from './llama';
export { gpt2Layout, type GPT2Dims } from './gpt2';
