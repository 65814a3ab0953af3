/**
 * Registers every architecture: one import per family file (lib/model/architecture.ts says what a
 * file holds). The next family is one file beside these and one line here.
 */
import './llama';
import './mistral';
import './qwen2';
import './qwen3';
import './gemma';
import './gemma2';
import './gemma3_text';
import './phi3';
import './olmo2';
import './olmo3';
import './gpt2';
import './gpt_neox';
import './falcon';
import './starcoder2';
// Mixture-of-experts families (building blocks in ./moe).
import './mixtral';
import './qwen2_moe';
import './qwen3_moe';
import './deepseek_v2';
import './deepseek_v3';
import './gpt_oss';

export { llamaLayout, type LlamaDims } from './llama';
export { gpt2Layout, type GPT2Dims } from './gpt2';
