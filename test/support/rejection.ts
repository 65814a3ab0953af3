// The error a promise rejects with; fails the test when it resolves instead.
import { expect } from 'chai';

export async function rejection(promise: Promise<unknown>): Promise<NodeJS.ErrnoException> {
  try {
    await promise;
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
  return expect.fail('expected the promise to reject') as never;
}
