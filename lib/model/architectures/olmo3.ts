/**
 * olmo3: transformers models/olmo3/modeling_olmo3.py (Olmo3ForCausalLM) and configuration_olmo3.py
 * (Olmo3Config). OLMo 2's tensors; sliding-window layers (layer_types) change no tensor.
 */
import { HF_INIT } from '../inits';
import { decoderArchitecture } from './decoder';
import { olmoVariant, OLMO_DEFAULTS, OLMO_PLAN } from './olmo2';

decoderArchitecture({
  id: 'olmo3',
  classes: ['Olmo3ForCausalLM'],
  folder: 'olmo3',
  summary: "OLMo 2's tensors (sliding-window layers change no tensor)",
  defaults: OLMO_DEFAULTS,
  variant: olmoVariant,
  init: HF_INIT,
  plan: OLMO_PLAN,
});
