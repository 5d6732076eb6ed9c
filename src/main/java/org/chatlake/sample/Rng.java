package org.chatlake.sample;

import java.util.SplittableRandom;

/** Seeded randomness helpers. Every chat gets its own generator derived from (seed, chat index). */
final class Rng {
  private Rng() {
  }

  /** SplitMix64 finaliser: a well-mixed 64-bit hash of {@code z}. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The generator of one chat: a pure function of the run seed and the chat index. */
  static SplittableRandom forChat(long seed, long chatIndex) {
    return new SplittableRandom(mix64(seed ^ mix64(chatIndex + 0x632BE59BD9B4E019L)));
  }

  /** A generator for a named stream that does not belong to one chat (e.g. the broken-file content). */
  static SplittableRandom forStream(long seed, String name) {
    long h = 1125899906842597L;
    for (int i = 0; i < name.length(); i++) {
      h = 31 * h + name.charAt(i);
    }
    return new SplittableRandom(mix64(seed ^ mix64(h)));
  }

  static boolean chance(SplittableRandom r, double p) {
    return r.nextDouble() < p;
  }

  static <T> T pick(SplittableRandom r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  /** Index drawn with the given (unnormalised) weights. */
  static int weighted(SplittableRandom r, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = r.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** Roughly log-normal duration in seconds with the given median, clamped to [min, max]. */
  static long logNormalSeconds(SplittableRandom r, double median, double sigma, long min, long max) {
    // Box-Muller on two uniforms; StrictMath so every JVM gives the same bits.
    double u1 = Math.max(1e-12, r.nextDouble());
    double u2 = r.nextDouble();
    double z = StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    long v = StrictMath.round(median * StrictMath.exp(sigma * z));
    return Math.max(min, Math.min(max, v));
  }
}
