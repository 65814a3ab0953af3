/**
 * The `kaiming` command line. `kaiming demo` shows what the package does.
 */
import { kaimingDemo } from './demo';

export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command === 'demo' || command === undefined) return kaimingDemo();
  process.stderr.write(`kaiming: unknown command "${command}"\n`);
  return 2;
}
