package org.chatlake.fetch;

/** Monotonic time and sleeping, replaceable in tests. */
public interface Clock {
  Clock SYSTEM = new Clock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleepNanos(long nanos) throws InterruptedException {
      if (nanos > 0) {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      }
    }
  };

  long nanoTime();

  void sleepNanos(long nanos) throws InterruptedException;
}
