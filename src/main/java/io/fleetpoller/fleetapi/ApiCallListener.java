package io.fleetpoller.fleetapi;

/** Told about every Fleet API call once it ends (success or failure); called on the event loop. */
@FunctionalInterface
public interface ApiCallListener {

  void onCall(ApiCall call);

  /** A listener that ignores every call. */
  static ApiCallListener none() {
    return call -> {};
  }
}
