package io.fleetpoller.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTokenStoreTest {

  static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");
  static final String REFRESH = "NA_refresh-plaintext-0001";
  static final String ACCESS = "eyJhbGciOi.access-plaintext.0001";

  static Vertx vertx;
  static Vertx otherVertx;

  @TempDir Path dir;
  final TokenCipher cipher = TokenCipher.fromBase64Key(TokenCipherTest.KEY);
  final List<FileTokenStore> opened = new ArrayList<>();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    otherVertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    await(vertx.close());
    await(otherVertx.close());
  }

  @AfterEach
  void closeStores() {
    opened.forEach(store -> await(store.close()));
  }

  @Test
  void storedRecordLoadsBackWithAllFields() {
    FileTokenStore store = open(file());
    TokenRecord record = new TokenRecord("acct-1", REFRESH, ACCESS, T0.plusSeconds(28800), 1, T0, 7);

    TokenRecord written = await(store.compareAndSet(record, 0));

    assertThat(written).isEqualTo(record);
    assertThat(await(store.load("acct-1"))).contains(record);
    assertThat(await(store.accounts())).containsExactly("acct-1");
  }

  @Test
  void recordWithoutAccessTokenRoundTrips() {
    FileTokenStore store = open(file());
    TokenRecord record = TokenRecord.initial("acct-1", REFRESH, T0);

    await(store.compareAndSet(record, 0));

    assertThat(await(store.load("acct-1"))).contains(record);
  }

  @Test
  void missingFileIsAnEmptyStoreAndItsDirectoryIsCreatedOwnerOnly() throws Exception {
    Path file = dir.resolve("data/nested/tokens.enc");

    FileTokenStore store = open(file);

    assertThat(await(store.load("acct-1"))).isEmpty();
    assertThat(await(store.accounts())).isEmpty();
    assertThat(file).doesNotExist();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void eachWriteIncrementsTheVersion() {
    FileTokenStore store = open(file());
    TokenRecord v1 = await(store.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0), 0));

    TokenRecord v2 = await(store.compareAndSet(v1.withRotation("a2", "r2", T0.plusSeconds(100), T0), 1));
    TokenRecord v3 = await(store.compareAndSet(v2.withRotation("a3", "r3", T0.plusSeconds(200), T0), 2));

    assertThat(List.of(v1.version(), v2.version(), v3.version())).containsExactly(1L, 2L, 3L);
    assertThat(await(store.load("acct-1")).orElseThrow().refreshToken()).isEqualTo("r3");
  }

  @Test
  void writtenVersionIsExpectedPlusOneWhateverTheRecordSays() {
    FileTokenStore store = open(file());
    TokenRecord odd = new TokenRecord("acct-1", REFRESH, null, null, 42, T0, 0);

    assertThat(await(store.compareAndSet(odd, 0)).version()).isEqualTo(1);
  }

  @Test
  void staleVersionIsAConflictAndKeepsTheStoredRecord() {
    FileTokenStore store = open(file());
    TokenRecord v1 = await(store.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0), 0));
    TokenRecord v2 = await(store.compareAndSet(v1.withRotation("a2", "r2", T0, T0), 1));

    Throwable failure = failureOf(store.compareAndSet(v1.withRotation("a-stale", "r-stale", T0, T0), 1));

    assertThat(failure).isInstanceOfSatisfying(TokenStoreException.VersionConflict.class, conflict -> {
      assertThat(conflict.account()).isEqualTo("acct-1");
      assertThat(conflict.expected()).isEqualTo(1);
      assertThat(conflict.actual()).isEqualTo(2);
      assertThat(conflict.getMessage()).doesNotContain("r-stale", "a-stale");
    });
    assertThat(await(store.load("acct-1"))).contains(v2);
  }

  @Test
  void writeUnderAnOlderFenceIsRefusedAndKeepsTheStoredRecord() {
    FileTokenStore store = open(file());
    TokenRecord v1 = await(store.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0).withFence(5), 0));

    Throwable failure = failureOf(store.compareAndSet(v1.withRotation("a-old", "r-old", T0, T0).withFence(4), 1));

    assertThat(failure).isInstanceOfSatisfying(TokenStoreException.StaleFence.class, stale -> {
      assertThat(stale.reason()).isEqualTo(TokenStoreException.Reason.STALE_FENCE);
      assertThat(stale.account()).isEqualTo("acct-1");
      assertThat(stale.offered()).isEqualTo(4);
      assertThat(stale.stored()).isEqualTo(5);
      assertThat(stale.getMessage()).doesNotContain("r-old", "a-old");
    });
    assertThat(await(store.load("acct-1"))).contains(v1);
  }

  @Test
  void staleFenceIsReportedEvenWhenTheVersionIsAlsoStale() {
    FileTokenStore store = open(file());
    TokenRecord v1 = await(store.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0).withFence(3), 0));
    await(store.compareAndSet(v1.withRotation("a2", "r2", T0, T0).withFence(6), 1));

    assertThat(failureOf(store.compareAndSet(v1.withRotation("a-old", "r-old", T0, T0).withFence(3), 1)))
        .isInstanceOf(TokenStoreException.StaleFence.class);
  }

  @Test
  void storedFenceIsTheLargerOfTheOldAndTheNew() {
    FileTokenStore store = open(file());
    TokenRecord v1 = await(store.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0).withFence(5), 0));

    TokenRecord unfenced = await(store.compareAndSet(v1.withRotation("a2", "r2", T0, T0), 1));
    TokenRecord sameFence = await(store.compareAndSet(unfenced.withRotation("a3", "r3", T0, T0).withFence(5), 2));
    TokenRecord newer = await(store.compareAndSet(sameFence.withRotation("a4", "r4", T0, T0).withFence(8), 3));

    assertThat(List.of(unfenced.fence(), sameFence.fence(), newer.fence())).containsExactly(5L, 5L, 8L);
    assertThat(await(store.load("acct-1"))).contains(newer);
  }

  @Test
  void creatingAnAccountThatExistsIsAConflict() {
    FileTokenStore store = open(file());
    await(store.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0), 0));

    assertThat(failureOf(store.compareAndSet(TokenRecord.initial("acct-1", "other", T0), 0)))
        .isInstanceOf(TokenStoreException.VersionConflict.class);
  }

  @Test
  void concurrentWritersWithTheSameExpectedVersionHaveExactlyOneWinner() {
    // Two stores on the same file on two Vert.x instances: their worker threads really run in
    // parallel, so only the file's locks keep the read-compare-write whole.
    Path file = file();
    FileTokenStore a = open(file);
    FileTokenStore b = FileTokenStore.open(otherVertx, file, cipher).toCompletionStage().toCompletableFuture().join();
    opened.add(b);
    TokenRecord base = await(a.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0), 0));

    List<Future<TokenRecord>> attempts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      FileTokenStore store = i % 2 == 0 ? a : b;
      attempts.add(store.compareAndSet(base.withRotation("a" + i, "r" + i, T0, T0), 1));
    }
    Future.join(attempts).toCompletionStage().toCompletableFuture().handle((ok, err) -> null).join();

    List<TokenRecord> winners = attempts.stream().filter(Future::succeeded).map(Future::result).toList();
    assertThat(winners).hasSize(1);
    assertThat(attempts.stream().filter(Future::failed).map(Future::cause))
        .allMatch(TokenStoreException.VersionConflict.class::isInstance);
    assertThat(await(b.load("acct-1"))).contains(winners.get(0));
  }

  @Test
  void writesToDifferentAccountsFromTwoStoresAreAllKept() {
    Path file = file();
    FileTokenStore a = open(file);
    FileTokenStore b = open(file);

    List<Future<TokenRecord>> writes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      writes.add((i % 2 == 0 ? a : b).compareAndSet(TokenRecord.initial("acct-" + i, REFRESH + i, T0), 0));
    }
    await(Future.all(writes));

    assertThat(await(a.accounts())).hasSize(10);
    assertThat(await(a.load("acct-7")).orElseThrow().refreshToken()).isEqualTo(REFRESH + 7);
  }

  @Test
  void fileHoldsNoTokenInClearAndIsOwnerOnly() throws Exception {
    Path file = file();
    FileTokenStore store = open(file);

    await(store.compareAndSet(new TokenRecord("acct-1", REFRESH, ACCESS, T0, 1, T0, 0), 0));

    String content = Files.readString(file, StandardCharsets.ISO_8859_1);
    assertThat(content).contains("acct-1", "\"format\"", "\"version\" : 1").doesNotContain(REFRESH, ACCESS);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void aLooseModeOnAnExistingFileIsTightenedByTheNextWrite() throws Exception {
    Path file = file();
    FileTokenStore store = open(file);
    TokenRecord v1 = await(store.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0), 0));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    await(store.compareAndSet(v1.withRotation("a", "r", T0, T0), 1));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void reopenedStoreReadsWhatWasWritten() {
    Path file = file();
    FileTokenStore first = open(file);
    TokenRecord record = await(first.compareAndSet(new TokenRecord("acct-1", REFRESH, ACCESS, T0, 1, T0, 0), 0));
    await(first.close());

    FileTokenStore reopened = open(file);

    assertThat(await(reopened.load("acct-1"))).contains(record);
  }

  @Test
  void wrongKeyFailsToOpenWithAClearMessageAndNoSecret() throws Exception {
    Path file = file();
    await(open(file).compareAndSet(new TokenRecord("acct-1", REFRESH, ACCESS, T0, 1, T0, 0), 0));
    byte[] before = Files.readAllBytes(file);

    Throwable failure = failureOf(FileTokenStore.open(vertx, file, TokenCipher.fromBase64Key(TokenCipherTest.OTHER_KEY)));

    assertThat(failure).isInstanceOf(TokenStoreException.class)
        .hasMessage("cannot decrypt refresh_token for account acct-1: wrong tokens.encryptionKey or corrupted file");
    assertThat(failure.getMessage()).doesNotContain(REFRESH, ACCESS, TokenCipherTest.OTHER_KEY);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void ciphertextSwappedBetweenAccountsDoesNotDecrypt() throws Exception {
    Path file = file();
    FileTokenStore store = open(file);
    await(store.compareAndSet(TokenRecord.initial("acct-1", "refresh-of-one", T0), 0));
    await(store.compareAndSet(TokenRecord.initial("acct-2", "refresh-of-two", T0), 0));
    String json = Files.readString(file);
    String one = refreshCiphertext(json, "acct-1");
    String two = refreshCiphertext(json, "acct-2");
    Files.writeString(file, json.replace(one, "SWAP").replace(two, one).replace("SWAP", two));

    assertThatThrownBy(() -> await(store.load("acct-1")))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("account acct-1")
        .satisfies(e -> assertThat(((TokenStoreException) e).reason())
            .isEqualTo(TokenStoreException.Reason.CANNOT_DECRYPT));
    assertThat(failureOf(FileTokenStore.open(vertx, file, cipher))).isInstanceOf(TokenStoreException.class);
  }

  @Test
  void tamperedCiphertextDoesNotDecrypt() throws Exception {
    Path file = file();
    FileTokenStore store = open(file);
    await(store.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0), 0));
    String json = Files.readString(file);
    String sealed = refreshCiphertext(json, "acct-1");
    char flipped = sealed.charAt(20) == 'A' ? 'B' : 'A';
    Files.writeString(file, json.replace(sealed, sealed.substring(0, 20) + flipped + sealed.substring(21)));

    assertThatThrownBy(() -> await(store.load("acct-1")))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("cannot decrypt refresh_token for account acct-1");
  }

  @Test
  void corruptedFileIsRefusedNamingTheFileAndIsNeverOverwritten() throws Exception {
    Path file = file();
    await(open(file).compareAndSet(new TokenRecord("acct-1", REFRESH, ACCESS, T0, 1, T0, 0), 0));
    byte[] whole = Files.readAllBytes(file);
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
    Files.write(file, truncated);

    Throwable failure = failureOf(FileTokenStore.open(vertx, file, cipher));

    assertThat(failure).isInstanceOfSatisfying(TokenStoreException.class, e -> {
      assertThat(e.reason()).isEqualTo(TokenStoreException.Reason.CORRUPT);
      assertThat(e.getMessage()).contains(file.getFileName().toString(), "not valid JSON", "left untouched");
    });
    assertThat(Files.readAllBytes(file)).isEqualTo(truncated);
  }

  @Test
  void storeWhoseFileGetsCorruptedRefusesToWriteOverIt() throws Exception {
    Path file = file();
    FileTokenStore store = open(file);
    await(store.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0), 0));
    Files.writeString(file, "this is not json");

    Throwable failure = failureOf(store.compareAndSet(TokenRecord.initial("acct-2", REFRESH, T0), 0));

    assertThat(failure).isInstanceOf(TokenStoreException.class).hasMessageContaining(file.toString());
    assertThat(Files.readString(file)).isEqualTo("this is not json");
  }

  @Test
  void damagedStructuresAreEachNamed() throws Exception {
    assertCorrupt("", "empty");
    assertCorrupt("[]", "top level");
    assertCorrupt("{\"accounts\":{}}", "\"format\"");
    assertCorrupt("{\"format\":2,\"accounts\":{}}", "format 2");
    assertCorrupt("{\"format\":1}", "\"accounts\"");
    assertCorrupt("{\"format\":1,\"accounts\":{}} trailing", "not valid JSON");
    assertCorrupt("{\"format\":1,\"accounts\":{\"a\":{\"version\":1,\"updated_at\":\"2025-01-01T00:00:00Z\"}}}",
        "account a has no refresh_token");
    assertCorrupt("{\"format\":1,\"accounts\":{\"a\":{\"refresh_token\":\"x\",\"version\":0,"
        + "\"updated_at\":\"2025-01-01T00:00:00Z\"}}}", "version must be");
    assertCorrupt("{\"format\":1,\"accounts\":{\"a\":{\"refresh_token\":\"x\",\"version\":1,"
        + "\"updated_at\":\"yesterday\"}}}", "ISO-8601");
  }

  @Test
  void strayTempFileFromACrashedWriteLeavesTheOldDataIntactAndIsCleanedUp() throws Exception {
    Path file = file();
    FileTokenStore first = open(file);
    TokenRecord record = await(first.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0), 0));
    await(first.close());
    // What a writer that died after writing its temp file but before the rename leaves behind.
    Path stray = file.resolveSibling("." + file.getFileName() + ".8431298.tmp");
    Files.writeString(stray, "{\"format\":1,\"accounts\":{\"acct-1\":{\"half");

    FileTokenStore reopened = open(file);

    assertThat(await(reopened.load("acct-1"))).contains(record);
    assertThat(stray).doesNotExist();
  }

  @Test
  void closedStoreRefusesWork() {
    FileTokenStore store = open(file());
    await(store.close());

    assertThat(failureOf(store.load("acct-1")))
        .isInstanceOfSatisfying(TokenStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenStoreException.Reason.CLOSED));
  }

  private void assertCorrupt(String content, String expected) throws Exception {
    Path file = dir.resolve("corrupt-" + Integer.toHexString(content.hashCode()) + ".enc");
    Files.writeString(file, content);

    assertThat(failureOf(FileTokenStore.open(vertx, file, cipher)))
        .as("content %s", content)
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining(expected);
    assertThat(Files.readString(file)).isEqualTo(content);
  }

  private static String refreshCiphertext(String json, String account) {
    int entry = json.indexOf("\"" + account + "\"");
    int key = json.indexOf("\"refresh_token\" : \"", entry) + "\"refresh_token\" : \"".length();
    return json.substring(key, json.indexOf('"', key));
  }

  private Path file() {
    return dir.resolve("tokens.enc");
  }

  private FileTokenStore open(Path file) {
    FileTokenStore store = await(FileTokenStore.open(vertx, file, cipher));
    opened.add(store);
    return store;
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Throwable failureOf(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure but the future succeeded");
  }
}
