package io.fleetpoller.cli;

import io.fleetpoller.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Lets picocli options take durations written as in the config ({@code 30s}, {@code 15m}). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
