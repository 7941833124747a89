package io.fleetpoller.auth;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Another process for {@link FileTokenStoreCrossProcessTest}: takes the token file's lock, says
 * "locked", waits for a line on stdin, then rotates acct-1 to version 2 while still holding the
 * lock, like a writer in another daemon would.
 */
public final class TokenFileLockHolder {

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    TokenCipher cipher = TokenCipher.fromBase64Key(TokenCipherTest.KEY);
    try (FileChannel channel = FileChannel.open(
            file.resolveSibling(file.getFileName() + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        var lock = channel.lock()) {
      System.out.println(lock.isValid() ? "locked" : "lock lost");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      TokenFile content = TokenFile.parse(file, Files.readAllBytes(file));
      TokenRecord current = content.record("acct-1", cipher).orElseThrow();
      content.put(current.withRotation("a", "rotated-by-other-process", Instant.EPOCH, Instant.EPOCH), cipher);
      AtomicFile.replace(file, content.toBytes());
    }
  }
}
