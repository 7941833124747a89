package io.fleetpoller.cli;

import picocli.CommandLine;

/** The version Maven wrote into the jar's manifest, or "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"fleet-poller " + (version != null ? version : "dev")};
  }
}
