package io.fleetpoller.sim;

import java.time.Instant;

/** Whether a simulated car's computer is awake (connectivity is tracked separately). */
sealed interface PowerState permits PowerState.Awake, PowerState.Asleep, PowerState.Waking {

  record Awake() implements PowerState {}

  record Asleep(Instant since) implements PowerState {}

  /** A wake_up was received; the car comes online at {@code onlineAt} (10–60 s later, FACTS.md). */
  record Waking(Instant onlineAt) implements PowerState {}
}
