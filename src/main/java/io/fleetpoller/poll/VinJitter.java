package io.fleetpoller.poll;

/**
 * A fixed per-vehicle offset of up to +/-10 % so a fleet does not poll in lockstep (issue 5, rate
 * limits). Derived from the VIN, not from a random source, so decisions stay pure and repeatable.
 */
final class VinJitter {

  static final double MAX_FRACTION = 0.10;

  private VinJitter() {}

  /** A value in [-0.10, +0.10], the same for the same VIN on every run. */
  static double fraction(String vin) {
    // String.hashCode is specified by the JLS, hence stable across JVMs; the mix spreads
    // neighbouring VINs (which differ in their last digits) across the whole range.
    long h = vin.hashCode() * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    double unit = (h & 0xFFFFL) / (double) 0xFFFFL; // [0, 1]
    return (unit * 2 - 1) * MAX_FRACTION;
  }
}
