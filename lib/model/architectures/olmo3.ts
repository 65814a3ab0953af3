/**
 * olmo3: transformers models/olmo3/modeling_olmo3.py (Olmo3ForCausalLM) and configuration_olmo3.py
 * (Olmo3Config). OLMo 2's tensors; sliding-window layers (layer_types) change no tensor.
 */
import { defineArchitecture } from '../architecture';
import { HF_INIT } from '../inits';
import { olmo2Layout, OLMO_DEFAULTS, OLMO_PLAN } from './olmo2';

defineArchitecture({
  id: 'olmo3',
  classes: ['Olmo3ForCausalLM'],
  modeling: 'src/transformers/models/olmo3/modeling_olmo3.py',
  configuration: 'src/transformers/models/olmo3/configuration_olmo3.py',
  summary: "OLMo 2's tensors (sliding-window layers change no tensor)",
  defaults: OLMO_DEFAULTS,
  layout: (c) => olmo2Layout(c, 'olmo3'),
  init: HF_INIT,
  plan: OLMO_PLAN,
});
