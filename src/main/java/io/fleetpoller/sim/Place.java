package io.fleetpoller.sim;

/** A point on the map (WGS84 degrees). */
record Place(double latitude, double longitude) {

  /** The point {@code fraction} of the way from here to {@code other} (straight line is enough here). */
  Place toward(Place other, double fraction) {
    return new Place(
        latitude + (other.latitude - latitude) * fraction,
        longitude + (other.longitude - longitude) * fraction);
  }

  /** Compass heading in whole degrees from here to {@code other}; 0 when they coincide. */
  int headingTo(Place other) {
    double dLat = other.latitude - latitude;
    double dLon = (other.longitude - longitude) * Math.cos(Math.toRadians(latitude));
    if (dLat == 0 && dLon == 0) {
      return 0;
    }
    double degrees = Math.toDegrees(Math.atan2(dLon, dLat));
    return (int) Math.round((degrees + 360) % 360);
  }

  Place offset(double dLat, double dLon) {
    return new Place(latitude + dLat, longitude + dLon);
  }
}
