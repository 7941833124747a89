package io.fleetpoller.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The content of the encrypted token file, in memory. No I/O: {@link FileTokenStore} reads and
 * writes the bytes.
 *
 * <pre>{"format":1,"accounts":{"acct-1":{"refresh_token":"&lt;enc&gt;","access_token":"&lt;enc&gt;"|null,
 *   "access_expires_at":"ISO"|null,"version":3,"updated_at":"ISO","fence":0}}}</pre>
 *
 * Token values are sealed with {@link TokenCipher}; metadata stays in clear. Parsing checks all
 * metadata at once so a damaged file is refused before anything is written over it; entries of
 * other accounts are carried through a write as they are, without decrypting them.
 */
final class TokenFile {

  static final int FORMAT = 1;
  static final String REFRESH_TOKEN = "refresh_token";
  static final String ACCESS_TOKEN = "access_token";
  private static final String ACCESS_EXPIRES_AT = "access_expires_at";
  private static final String VERSION = "version";
  private static final String UPDATED_AT = "updated_at";
  private static final String FENCE = "fence";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Path path;
  private final ObjectNode root;
  private final ObjectNode accounts;

  private TokenFile(Path path, ObjectNode root, ObjectNode accounts) {
    this.path = path;
    this.root = root;
    this.accounts = accounts;
  }

  static TokenFile empty(Path path) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("format", FORMAT);
    return new TokenFile(path, root, root.putObject("accounts"));
  }

  /** Parses and checks the file's bytes; {@code path} only names the file in error messages. */
  static TokenFile parse(Path path, byte[] bytes) {
    if (bytes.length == 0) {
      throw corrupt(path, "the file is empty");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      // getOriginalMessage() leaves out Jackson's source excerpt; the location says where.
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw corrupt(path, "not valid JSON (truncated?)" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw corrupt(path, "not valid JSON: " + e.getClass().getSimpleName());
    }
    if (root == null || !root.isObject()) {
      throw corrupt(path, "expected a JSON object at the top level");
    }
    JsonNode format = root.get("format");
    if (format == null || !format.isInt()) {
      throw corrupt(path, "no \"format\" number");
    }
    if (format.intValue() != FORMAT) {
      throw corrupt(path, "format " + format.intValue() + " is not known to this version (it reads format "
          + FORMAT + ")");
    }
    JsonNode accounts = root.get("accounts");
    if (accounts == null || !accounts.isObject()) {
      throw corrupt(path, "no \"accounts\" object");
    }
    TokenFile file = new TokenFile(path, (ObjectNode) root, (ObjectNode) accounts);
    accounts.fieldNames().forEachRemaining(file::checkMetadata);
    return file;
  }

  List<String> accounts() {
    List<String> names = new ArrayList<>();
    accounts.fieldNames().forEachRemaining(names::add);
    Collections.sort(names);
    return names;
  }

  /** The stored version of an account; 0 when it has no record. */
  long version(String account) {
    JsonNode entry = accounts.get(account);
    return entry == null ? 0 : entry.get(VERSION).longValue();
  }

  /** The fence of the account's stored record; 0 when it has none or was never fenced. */
  long fence(String account) {
    JsonNode entry = accounts.get(account);
    return entry == null ? 0 : entry.path(FENCE).longValue();
  }

  /** The account's record with its tokens decrypted. */
  Optional<TokenRecord> record(String account, TokenCipher cipher) {
    JsonNode entry = accounts.get(account);
    if (entry == null) {
      return Optional.empty();
    }
    String refresh = cipher.decrypt(entry.get(REFRESH_TOKEN).textValue(), account, REFRESH_TOKEN);
    JsonNode access = entry.get(ACCESS_TOKEN);
    String accessToken =
        access == null || access.isNull() ? null : cipher.decrypt(access.textValue(), account, ACCESS_TOKEN);
    return Optional.of(new TokenRecord(
        account,
        refresh,
        accessToken,
        optionalInstant(entry, ACCESS_EXPIRES_AT),
        entry.get(VERSION).longValue(),
        Instant.parse(entry.get(UPDATED_AT).textValue()),
        entry.path(FENCE).longValue()));
  }

  /** Replaces the account's entry with {@code record}, tokens sealed with {@code cipher}. */
  void put(TokenRecord record, TokenCipher cipher) {
    String account = record.account();
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put(REFRESH_TOKEN, cipher.encrypt(record.refreshToken(), account, REFRESH_TOKEN));
    if (record.accessToken() == null) {
      entry.putNull(ACCESS_TOKEN);
    } else {
      entry.put(ACCESS_TOKEN, cipher.encrypt(record.accessToken(), account, ACCESS_TOKEN));
    }
    if (record.accessExpiresAt() == null) {
      entry.putNull(ACCESS_EXPIRES_AT);
    } else {
      entry.put(ACCESS_EXPIRES_AT, record.accessExpiresAt().toString());
    }
    entry.put(VERSION, record.version());
    entry.put(UPDATED_AT, record.updatedAt().toString());
    entry.put(FENCE, record.fence());
    accounts.set(account, entry);
  }

  byte[] toBytes() {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the token file", e); // a tree always serializes
    }
  }

  private void checkMetadata(String account) {
    JsonNode entry = accounts.get(account);
    if (!entry.isObject()) {
      throw corrupt(path, "account " + account + " is not a JSON object");
    }
    if (!entry.path(REFRESH_TOKEN).isTextual()) {
      throw corrupt(path, "account " + account + " has no " + REFRESH_TOKEN);
    }
    JsonNode access = entry.get(ACCESS_TOKEN);
    if (access != null && !access.isNull() && !access.isTextual()) {
      throw corrupt(path, "account " + account + ": " + ACCESS_TOKEN + " must be a string or null");
    }
    JsonNode version = entry.get(VERSION);
    if (version == null || !version.canConvertToLong() || !version.isIntegralNumber() || version.longValue() < 1) {
      throw corrupt(path, "account " + account + ": " + VERSION + " must be a whole number >= 1");
    }
    JsonNode fence = entry.get(FENCE);
    if (fence != null && (!fence.isIntegralNumber() || fence.longValue() < 0)) {
      throw corrupt(path, "account " + account + ": " + FENCE + " must be a whole number >= 0");
    }
    if (!entry.path(UPDATED_AT).isTextual()) {
      throw corrupt(path, "account " + account + " has no " + UPDATED_AT);
    }
    try {
      Instant.parse(entry.get(UPDATED_AT).textValue());
      optionalInstant(entry, ACCESS_EXPIRES_AT);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw corrupt(path, "account " + account + ": " + UPDATED_AT + " and " + ACCESS_EXPIRES_AT
          + " must be ISO-8601 instants such as 2025-01-31T12:00:00Z");
    }
  }

  private static Instant optionalInstant(JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " is not a string");
    }
    return Instant.parse(value.textValue());
  }

  private static TokenStoreException corrupt(Path path, String what) {
    return new TokenStoreException(
        TokenStoreException.Reason.CORRUPT,
        "token file " + path + " is unreadable: " + what
            + "; it was left untouched (restore it from a backup, or move it away and log in again)");
  }
}
