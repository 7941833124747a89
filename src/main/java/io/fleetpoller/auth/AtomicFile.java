package io.fleetpoller.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocking, crash-safe replacement of a small owner-only file: the new content goes to a temp file
 * in the same directory (created 0600, so it is never readable by others, not even for a moment),
 * is fsynced, then renamed over the old file atomically, and the directory is fsynced so the rename
 * itself survives a power cut. A crash at any point leaves either the old file or the new one,
 * never a mix; at worst a stray temp file, which {@link #deleteStrayTemps} removes.
 */
final class AtomicFile {

  private static final Logger log = LoggerFactory.getLogger(AtomicFile.class);
  private static final String TEMP_SUFFIX = ".tmp";

  private AtomicFile() {}

  /** The file's bytes, empty if it does not exist. */
  static Optional<byte[]> read(Path file) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException missing) {
      return Optional.empty();
    }
  }

  static void replace(Path file, byte[] content) throws IOException {
    Path dir = file.getParent();
    Path temp = Files.createTempFile(dir, tempPrefix(file), TEMP_SUFFIX, ownerOnly(dir, "rw-------"));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      // On POSIX, rename(2) replaces the target atomically; no fallback to a non-atomic copy.
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    fsyncDirectory(dir);
  }

  /** Removes temp files a crashed writer left next to {@code file}; call only under the file lock. */
  static void deleteStrayTemps(Path file) throws IOException {
    String prefix = tempPrefix(file);
    try (DirectoryStream<Path> strays = Files.newDirectoryStream(
        file.getParent(),
        p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(TEMP_SUFFIX))) {
      for (Path stray : strays) {
        log.info("removing {} left by an interrupted write of {}", stray.getFileName(), file);
        Files.deleteIfExists(stray);
      }
    }
  }

  /** Creates the directory (0700 where POSIX) if needed. */
  static void createDirectories(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, ownerOnly(dir, "rwx------"));
    }
  }

  /** POSIX permissions to create a file with, or none where the file system has no such notion. */
  static FileAttribute<?>[] ownerOnly(Path where, String permissions) {
    return isPosix(where)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
        : new FileAttribute<?>[0];
  }

  static boolean isPosix(Path where) {
    return where.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static String tempPrefix(Path file) {
    return "." + file.getFileName() + ".";
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; the rename is done, only its durability
      // across a power cut is weaker there.
      log.debug("cannot fsync directory {}: {}", dir, e.toString());
    }
  }
}
