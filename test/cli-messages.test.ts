// Errors are data until printed: the command line words a library error once, from what it
// carries (the argument, the expectation, the value; an overwrite refusal's path and files),
// never by rewriting its message.
import { expect } from 'chai';
import { argumentProblem, rangeError, typeError } from '../lib/core/validate';
import { overwriteRefusal } from '../lib/io/files';
import { cliMessage, Failure } from '../lib/cli/program';

describe('command-line messages worded once from the error\'s data', () => {
  const words = { flags: { 'parallel.ep': '--ep', maxShardSize: '--max-shard-size' } };

  it('keeps a validation error\'s argument, expectation and value beside it', () => {
    const error = rangeError('an integer between 1 and 8', 'parallel.ep', 9);
    expect(argumentProblem(error)).to.deep.equal({ argument: 'parallel.ep', expected: 'an integer between 1 and 8', received: 9 });
    expect(Object.keys(error)).to.deep.equal([]); // nothing added to the error object itself
    expect(argumentProblem(new RangeError('Expected x for y but received z'))).to.equal(undefined);
  });

  it('names the argument by the command\'s flag', () => {
    expect(cliMessage(rangeError('an integer between 1 and 8', 'parallel.ep', 9), words)).to.equal('Expected an integer between 1 and 8 for --ep but received 9 (number)');
    expect(cliMessage(typeError('a size', 'maxShardSize', true), words)).to.equal('Expected a size for --max-shard-size but received true (boolean)');
    // An argument the command has no flag for keeps the library's words.
    expect(cliMessage(rangeError('a positive integer', 'parallel.tp', 0), words)).to.equal('Expected a positive integer for parallel.tp but received 0 (number)');
  });

  it('says --force and --resume for an overwrite refusal, also inside a Failure; other errors give their first line', () => {
    const file = overwriteRefusal('/x/model.safetensors');
    expect(file.message).to.equal('Refusing to overwrite existing file "/x/model.safetensors"; pass { force: true } to replace it');
    expect(cliMessage(file)).to.equal('Refusing to overwrite existing file "/x/model.safetensors"; pass --force to replace it');
    const dir = overwriteRefusal('/x/ckpt', { existing: ['model.safetensors', 'config.json'], resumable: true });
    expect(cliMessage(new Failure(dir.message, { cause: dir }))).to.equal(
      'Refusing to overwrite the checkpoint in "/x/ckpt" (model.safetensors, config.json); pass --force to replace it, or --resume to continue it');
    expect(cliMessage(new Error('first\nsecond'))).to.equal('first');
  });
});
