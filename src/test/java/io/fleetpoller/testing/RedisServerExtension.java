package io.fleetpoller.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link RedisServerProcess} per test class, started before the first test, stopped after the
 * last, flushed (and restarted if a test killed it) before each test, and injected into any test,
 * lifecycle method or constructor parameter of type {@link RedisServerProcess}. Skips the class when
 * no Redis is available (see {@link RedisServerProcess#start()}).
 */
public final class RedisServerExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisServerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put(RedisServerProcess.class, RedisServerProcess.start());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    RedisServerProcess server = server(context);
    if (!server.isExternal() && !server.isRunning()) {
      server.restart(); // the previous test killed it
    }
    server.flush();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    RedisServerProcess server =
        context.getStore(NAMESPACE).remove(RedisServerProcess.class, RedisServerProcess.class);
    if (server != null) {
      server.stop();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RedisServerProcess.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  private static RedisServerProcess server(ExtensionContext context) {
    // Test-level contexts see the class-level store through their parent.
    RedisServerProcess server = context.getStore(NAMESPACE).get(RedisServerProcess.class, RedisServerProcess.class);
    if (server == null) {
      throw new IllegalStateException("RedisServerExtension has no server: register it on the test class");
    }
    return server;
  }
}
