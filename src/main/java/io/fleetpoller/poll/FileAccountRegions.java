package io.fleetpoller.poll;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AccountRegions} in a small JSON file ({@code regions.json} beside the token file),
 * written whole to a temporary file and moved into place, so a crash leaves the old or the new one.
 * An unreadable file is logged and read as empty: the next 421 records the region again.
 */
public final class FileAccountRegions implements AccountRegions {

  private static final Logger LOG = LoggerFactory.getLogger(FileAccountRegions.class);

  private final Vertx vertx;
  private final Path file;

  public FileAccountRegions(Vertx vertx, Path file) {
    this.vertx = vertx;
    this.file = file;
  }

  /** The regions file that goes with a token file. */
  public static Path besideTokens(Path tokenFile) {
    Path dir = tokenFile.toAbsolutePath().getParent();
    return dir.resolve("regions.json");
  }

  @Override
  public Future<Map<String, String>> all() {
    String path = file.toString();
    return vertx.fileSystem().exists(path).compose(exists -> exists
        ? vertx.fileSystem().readFile(path).map(FileAccountRegions::parse)
        : Future.succeededFuture(new HashMap<>()));
  }

  @Override
  public synchronized Future<Void> set(String account, String baseUrl) {
    return all().compose(regions -> {
      regions.put(account, baseUrl);
      JsonObject json = new JsonObject();
      regions.forEach(json::put);
      String tmp = file + ".tmp";
      return vertx.fileSystem().mkdirs(file.toAbsolutePath().getParent().toString())
          .compose(v -> vertx.fileSystem().writeFile(tmp, Buffer.buffer(json.encodePrettily())))
          .compose(v -> vertx.fileSystem().move(tmp, file.toString(),
              new io.vertx.core.file.CopyOptions().setReplaceExisting(true).setAtomicMove(true)));
    });
  }

  private static Map<String, String> parse(Buffer content) {
    Map<String, String> out = new HashMap<>();
    try {
      new JsonObject(content).forEach(e -> {
        if (e.getValue() instanceof String url) {
          out.put(e.getKey(), url);
        }
      });
    } catch (DecodeException | ClassCastException e) {
      LOG.warn("the account regions file is not JSON; reading it as empty: {}", e.getMessage());
    }
    return out;
  }
}
