package io.fleetpoller.poll;

import io.vertx.core.Future;
import java.util.Map;

/**
 * The base URL each account was moved to by a wrong_region answer, kept across restarts: a Redis
 * hash {@code {prefix}regions} shared by all instances, or a JSON file beside the token file in
 * embedded mode. Base URLs are not secrets.
 */
public interface AccountRegions {

  /** Every account's recorded base URL. */
  Future<Map<String, String>> all();

  Future<Void> set(String account, String baseUrl);
}
