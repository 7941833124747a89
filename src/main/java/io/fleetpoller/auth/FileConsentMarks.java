package io.fleetpoller.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link ConsentMarks} for embedded mode: a small JSON file beside the token file
 * ({@code {"acct-1": "reason"}}), written atomically. Holds no secret.
 */
public final class FileConsentMarks implements ConsentMarks {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final Path path;

  public FileConsentMarks(Vertx vertx, Path tokenFile) {
    this.vertx = vertx;
    Path absolute = tokenFile.toAbsolutePath();
    this.path = absolute.resolveSibling(absolute.getFileName() + ".consent-required.json");
  }

  @Override
  public Future<Optional<String>> reason(String account) {
    return vertx.executeBlocking(() -> Optional.ofNullable(read().path(account).textValue()), true);
  }

  @Override
  public Future<Void> mark(String account, String reason) {
    return update(marks -> marks.put(account, reason));
  }

  @Override
  public Future<Void> clear(String account) {
    return update(marks -> marks.remove(account));
  }

  private Future<Void> update(java.util.function.Consumer<ObjectNode> change) {
    return vertx.executeBlocking(() -> {
      synchronized (FileConsentMarks.class) {
        ObjectNode marks = read();
        change.accept(marks);
        AtomicFile.createDirectories(path.getParent());
        AtomicFile.replace(path, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(marks));
      }
      return null;
    }, true);
  }

  private ObjectNode read() throws java.io.IOException {
    var bytes = AtomicFile.read(path);
    if (bytes.isEmpty()) {
      return JSON.createObjectNode();
    }
    var tree = JSON.readTree(bytes.get());
    return tree instanceof ObjectNode object ? object : JSON.createObjectNode();
  }
}
