package io.fleetpoller.doctor;

/**
 * What one plain HTTP request (no token in it) got: a status with its {@code Location} and the
 * start of the body, or a transport failure.
 *
 * @param status 0 when no answer came
 * @param location the Location header, may be null
 * @param body the first part of the body as text, never null
 * @param failure why no answer came; null when one did
 */
public record HttpProbe(int status, String location, String body, String failure) {

  public HttpProbe {
    body = body == null ? "" : body;
  }

  public static HttpProbe answered(int status, String location, String body) {
    return new HttpProbe(status, location, body, null);
  }

  public static HttpProbe failed(String failure) {
    return new HttpProbe(0, null, "", failure == null ? "no answer" : failure);
  }

  public boolean answered() {
    return failure == null;
  }
}
