package io.fleetpoller.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded-mode token store: one JSON file, token values encrypted with {@link TokenCipher}.
 *
 * <p>All file work runs on one single-thread shared worker executor, never on an event loop, so
 * the stores of a Vert.x instance form a single writer queue. A compare-and-set re-reads the file
 * while holding, in this order, a JVM-wide lock for the file (stores on other Vert.x instances in
 * the same JVM) and an exclusive {@link FileLock} on a sidecar {@code <file>.lock} (other processes,
 * best effort: advisory, and absent on some network file systems). So a rotation written by anyone
 * else is seen, and a stale writer gets {@link TokenStoreException.VersionConflict} (or, writing
 * under a lock that was taken over, {@link TokenStoreException.StaleFence}) instead of overwriting a
 * refresh token that is the only valid one (FACTS.md "OAuth": single use).
 *
 * <p>Reads take no lock: a write is an atomic rename, so a reader sees the old file or the new one.
 * A damaged file is refused with {@link TokenStoreException.Reason#CORRUPT} and never overwritten.
 */
public final class FileTokenStore implements TokenStore {

  private static final Logger log = LoggerFactory.getLogger(FileTokenStore.class);
  private static final String WORKER_NAME = "fleet-token-file";

  /**
   * One lock per token file in this JVM. Needed besides the file lock because file locks belong to
   * the whole process: a second {@code lock()} from the same JVM throws
   * OverlappingFileLockException rather than waiting.
   */
  private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final Path lockFile;
  private final TokenCipher cipher;
  private final WorkerExecutor worker;
  private final ReentrantLock jvmLock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FileTokenStore(Path file, TokenCipher cipher, WorkerExecutor worker) {
    this.file = file;
    this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    this.cipher = cipher;
    this.worker = worker;
    this.jvmLock = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
  }

  /**
   * Opens the store on {@code file}, creating its directory (0700) if needed; a missing file is an
   * empty store. Fails with {@link TokenStoreException} if the file is damaged or does not decrypt
   * with {@code cipher} (wrong key), so a bad key shows at start-up rather than at the first refresh.
   * Temp files left by an interrupted write are removed.
   */
  public static Future<FileTokenStore> open(Vertx vertx, Path file, TokenCipher cipher) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(cipher, "cipher");
    WorkerExecutor worker = vertx.createSharedWorkerExecutor(WORKER_NAME, 1);
    return worker
        .executeBlocking(() -> {
          FileTokenStore store = new FileTokenStore(canonical(file), cipher, worker);
          store.openBlocking();
          return store;
        })
        .recover(failure -> worker.close().transform(ignored -> Future.failedFuture(failure)));
  }

  @Override
  public Future<Optional<TokenRecord>> load(String account) {
    Objects.requireNonNull(account, "account");
    return run(() -> read().record(account, cipher));
  }

  @Override
  public Future<List<String>> accounts() {
    return run(() -> read().accounts());
  }

  @Override
  public Future<TokenRecord> compareAndSet(TokenRecord next, long expectedVersion) {
    Objects.requireNonNull(next, "next");
    if (expectedVersion < 0) {
      return Future.failedFuture(new IllegalArgumentException("expectedVersion must be >= 0, was " + expectedVersion));
    }
    return run(() -> locked(() -> {
      TokenFile current = read();
      long storedFence = current.fence(next.account());
      if (next.fence() > 0 && storedFence > next.fence()) {
        throw new TokenStoreException.StaleFence(next.account(), next.fence(), storedFence);
      }
      long actual = current.version(next.account());
      if (actual != expectedVersion) {
        throw new TokenStoreException.VersionConflict(next.account(), expectedVersion, actual);
      }
      TokenRecord written = new TokenRecord(next.account(), next.refreshToken(), next.accessToken(),
          next.accessExpiresAt(), expectedVersion + 1, next.updatedAt(), Math.max(storedFence, next.fence()));
      current.put(written, cipher);
      AtomicFile.replace(file, current.toBytes());
      log.debug("stored tokens of account {} at version {} in {}", written.account(), written.version(), file);
      return written;
    }));
  }

  @Override
  public Future<Void> close() {
    return closed.compareAndSet(false, true) ? worker.close() : Future.succeededFuture();
  }

  /** The absolute path of the file. */
  public Path file() {
    return file;
  }

  @Override
  public String toString() {
    return "FileTokenStore[" + file + "]";
  }

  private void openBlocking() throws IOException {
    warnIfOthersCanRead();
    TokenFile content = locked(() -> {
      AtomicFile.deleteStrayTemps(file);
      return read();
    });
    // Decrypt everything once: a wrong key or an altered value shows now, naming the account.
    List<String> accounts = content.accounts();
    accounts.forEach(account -> content.record(account, cipher));
    log.info("token store {} opened with {} account(s)", file, accounts.size());
  }

  private TokenFile read() throws IOException {
    Optional<byte[]> bytes = AtomicFile.read(file);
    return bytes.isEmpty() ? TokenFile.empty(file) : TokenFile.parse(file, bytes.get());
  }

  private <T> T locked(Callable<T> body) throws IOException {
    jvmLock.lock();
    try (FileChannel channel = FileChannel.open(
        lockFile,
        EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
        AtomicFile.ownerOnly(lockFile, "rw-------"))) {
      FileLock processLock = tryLock(channel);
      try {
        return body.call();
      } finally {
        if (processLock != null) {
          processLock.release();
        }
      }
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      jvmLock.unlock();
    }
  }

  /** Null where the file system has no locks (some NFS set-ups): the in-JVM lock still holds. */
  private FileLock tryLock(FileChannel channel) {
    try {
      return channel.lock();
    } catch (IOException e) {
      log.warn("cannot lock {} ({}); other processes writing {} are not kept out", lockFile, e.toString(), file);
      return null;
    }
  }

  private <T> Future<T> run(Callable<T> work) {
    if (closed.get()) {
      return Future.failedFuture(
          new TokenStoreException(TokenStoreException.Reason.CLOSED, "token store " + file + " is closed"));
    }
    return worker.executeBlocking(() -> {
      try {
        return work.call();
      } catch (IOException e) {
        throw new TokenStoreException(
            TokenStoreException.Reason.IO, "cannot read or write token file " + file + ": " + e, e);
      }
    });
  }

  private void warnIfOthersCanRead() throws IOException {
    if (!Files.exists(file) || !AtomicFile.isPosix(file)) {
      return;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
    mode.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    if (!mode.isEmpty()) {
      log.warn("token file {} is accessible to others ({}); it is rewritten as rw------- at the next write",
          file, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
  }

  private static Path canonical(Path file) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    AtomicFile.createDirectories(absolute.getParent());
    // One JVM lock per real file, whatever relative path or symlinked directory named it.
    return absolute.getParent().toRealPath().resolve(absolute.getFileName());
  }
}
