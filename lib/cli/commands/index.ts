/** Every `kaiming` command, in the order `kaiming --help` lists them. A new command is a file here and a line below. */
import type { CommandContext } from '../program';
import { registerCheck } from './check';
import { registerDemo } from './demo';
import { registerDescribe, registerList } from './describe';
import { registerExplore } from './explore';
import { registerInitModel } from './init-model';
import { registerPlot } from './plot';
import { registerSample } from './sample';
import { registerSpec } from './spec';
import { registerVerify } from './verify';

export const COMMANDS: ReadonlyArray<(ctx: CommandContext) => void> = [
  registerDescribe,
  registerList,
  registerSample,
  registerPlot,
  registerCheck,
  registerDemo,
  registerInitModel,
  registerVerify,
  registerSpec,
  registerExplore,
];
