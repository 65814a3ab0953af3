/** `kaiming demo`: the README's first command. */
import { kaimingDemo } from '../demo';
import { type CommandContext } from '../program';

export function registerDemo(ctx: CommandContext): void {
  ctx
    .command('demo')
    .description('describe and check one layer: a Conv2d weight [256, 128, 3, 3] for ReLU')
    .action(ctx.action('kaiming demo', () => kaimingDemo(ctx.io)));
}
