/**
 * Registers every architecture: one import per family file (lib/model/architecture.ts says what a
 * file holds). The next family is one file beside these and one line here.
 */
import './llama';
import './mistral';
import './qwen2';
import './gpt2';

export { llamaLayout, type LlamaDims } from './llama';
export { gpt2Layout, type GPT2Dims } from './gpt2';
