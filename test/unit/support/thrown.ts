// The error an action throws, for tests that assert on its class and fields.

/** The error `action` throws; fails the test if it returns normally. */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('Expected the action to throw, but it returned normally');
}
