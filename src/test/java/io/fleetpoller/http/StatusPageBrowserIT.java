package io.fleetpoller.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.cli.RunningDemoDaemon;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page ({@code GET /}) in a real browser: headless Chromium driven by ChromeDriver, both
 * Debian's ({@code chromium}, {@code chromium-driver}), against a daemon polling the in-process
 * simulator. The page must show every car and, after a refusal, the triage event with its cause
 * and next step, through its own 5 s refresh: the test loads it once and never navigates again.
 *
 * <p>Nothing is downloaded: the driver executable is given to the service, which makes Selenium's
 * {@code DriverFinder} skip Selenium Manager (4.52: service executable, then the
 * {@code CHROMEDRIVER} env var, then the {@code webdriver.chrome.driver} property, and only then
 * Selenium Manager), and the browser binary is given in the options.
 *
 * <p>On a failure the screenshot and the page source are kept under {@code target/status-page-browser/}.
 */
class StatusPageBrowserIT {

  private static final Path ARTIFACTS = Path.of("target", "status-page-browser").toAbsolutePath();
  private static final String MISSING = "StatusPageBrowserIT needs Chromium and ChromeDriver: install the Debian"
      + " packages chromium and chromium-driver (.ci/run installs them when they are missing)";
  /** Two self-refreshes of the page (5 s each) plus the daemon's first polls, with room for a slow CI. */
  private static final Duration PAGE_SHOWS = Duration.ofSeconds(20);

  @TempDir static Path workDir;
  private static Path profile;
  private static ChromeDriverService service;
  private static WebDriver driver;
  private static RunningDemoDaemon daemon;
  /** Why the tests are skipped on a machine without the browser (never on CI, where that fails). */
  private static String skipReason;

  /** Any failure in a test keeps what the browser showed, and says where. */
  @RegisterExtension
  static final TestExecutionExceptionHandler KEEP_EVIDENCE = (context, thrown) -> {
    if (thrown instanceof TestAbortedException || driver == null) {
      throw thrown;
    }
    throw new AssertionError(thrown.getMessage() + "\n"
        + keepEvidence(context.getRequiredTestMethod().getName() + "-failure"), thrown);
  };

  @BeforeAll
  static void startBrowserAndDaemon() throws IOException {
    Optional<Path> chromium = executable("chromium");
    Optional<Path> chromedriver = executable("chromedriver");
    if (chromium.isEmpty() || chromedriver.isEmpty()) {
      String message = MISSING + " (found chromium: " + chromium.map(Path::toString).orElse("no")
          + ", chromedriver: " + chromedriver.map(Path::toString).orElse("no") + ")";
      String ci = System.getenv("CI");
      if (ci != null && !ci.isBlank()) {
        Assertions.fail(message);
      }
      // Skipped in @BeforeEach, so each test is reported as skipped with the reason.
      skipReason = message;
      return;
    }
    Files.createDirectories(ARTIFACTS);
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.get().toFile())
        .usingAnyFreePort()
        .withLogFile(ARTIFACTS.resolve("chromedriver.log").toFile())
        .build();
    service.start();
    // We run as root (so no sandbox), and the network is closed: without the background-networking
    // flags Chromium's own update, sync and field-trial connections are refused and slow it down.
    profile = Files.createTempDirectory("status-page-chromium-");
    ChromeOptions options = new ChromeOptions()
        .setBinary(chromium.get().toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1500,1100");
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));

    // Tokens live 8 simulated hours, so no refresh happens during the test.
    daemon = RunningDemoDaemon.start(4, Duration.ofHours(8), workDir);
  }

  @BeforeEach
  void needsTheBrowser() {
    Assumptions.assumeTrue(skipReason == null, () -> skipReason);
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (service != null) {
        service.stop();
      }
      if (daemon != null) {
        daemon.close();
      }
      deleteQuietly(profile);
    }
  }

  @Test
  void everyCarAndThenANewRefusalWithItsCauseAndNextStepAppearThroughThePagesOwnRefresh() {
    driver.get(daemon.baseUrl() + "/");
    assertThat(driver.getTitle()).isEqualTo("fleet-poller");
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("fleet-poller");
    // Gone once the page has reloaded: proof that what appears later came by the page's own refresh.
    ((JavascriptExecutor) driver).executeScript("window.loadedByTheTest = true;");

    List<String> vins = daemon.simulatedVins();
    assertThat(vins).hasSize(4);
    List<String> shown = waitFor("every simulated car in the vehicles table",
        d -> {
          List<String> listed = texts(d, "#vehicles tr[data-vin] td:first-child");
          return listed.containsAll(vins) ? listed : null;
        });
    assertThat(shown).containsExactlyInAnyOrderElementsOf(vins);
    assertThat(rows("#triage tr[data-reason='missing_scope']")).as("no missing_scope before the fault").isEmpty();

    // Tesla's 403 for a token without the scope a call needs (shared/fleet-api/samples/errors.json,
    // "403_missing_scopes"), on every vehicle_data call of acct-1.
    daemon.injectFault(new JsonObject().put("account", "acct-1").put("endpoint", "vehicle_data").put("status", 403)
        .put("body", new JsonObject().putNull("response").put("error", "Unauthorized missing scopes")
            .put("error_description", "")));
    List<String> row = waitFor("a missing_scope row in the triage table", d -> {
      List<WebElement> found = d.findElements(By.cssSelector("#triage tr[data-reason='missing_scope']"));
      if (found.isEmpty()) {
        return null;
      }
      WebElement first = found.get(0);
      return List.of(first.findElement(By.cssSelector("td.reason")).getText(),
          first.findElement(By.cssSelector("td.cause")).getText(),
          first.findElement(By.cssSelector("td.action")).getText());
    });

    assertThat(((JavascriptExecutor) driver).executeScript("return window.loadedByTheTest === undefined;"))
        .as("the page reloaded itself").isEqualTo(true);
    assertThat(row.get(0)).isEqualTo("missing_scope");
    JsonArray events = daemon.triage("missing_scope");
    assertThat(events.stream().map(e -> List.of(((JsonObject) e).getString("cause"),
        ((JsonObject) e).getString("action"))))
        .as("the page shows an event's cause and next step as /api/triage has them")
        .contains(List.of(row.get(1), row.get(2)));
    assertThat(row.get(2)).contains("/auth/login?account=acct-1");
    keepScreenshot(ARTIFACTS.resolve("status-page.png"));
  }

  @Test
  void theAccountsConsentLinkOpensTheLoginForThatAccount() {
    driver.get(daemon.baseUrl() + "/");

    String href = waitFor("acct-1 in the accounts table",
        d -> d.findElement(By.cssSelector("#accounts tr[data-account='acct-1'] td.consent a")).getDomAttribute("href"));

    assertThat(href).isEqualTo("/auth/login?account=acct-1");
  }

  /** Waits for {@code condition} to give a non-null value, across the page's own reloads. */
  private static <T> T waitFor(String what, Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, PAGE_SHOWS, Duration.ofMillis(250))
          .ignoring(StaleElementReferenceException.class)
          .until(condition::apply);
    } catch (TimeoutException e) {
      throw new AssertionError("not shown within " + PAGE_SHOWS + ": " + what, e);
    }
  }

  private static List<String> texts(WebDriver d, String css) {
    return d.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  private static List<WebElement> rows(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The first executable {@code name} on the PATH, else in /usr/bin (Debian's place for both). */
  private static Optional<Path> executable(String name) {
    List<Path> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          dirs.add(Path.of(dir));
        }
      }
    }
    dirs.add(Path.of("/usr/bin"));
    return dirs.stream().map(dir -> dir.resolve(name)).filter(Files::isRegularFile).filter(Files::isExecutable)
        .findFirst();
  }

  private static void keepScreenshot(Path png) {
    try {
      Files.write(png, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new AssertionError("could not write " + png, e);
    }
  }

  /** Writes the screenshot and page source; says where, or why not. */
  private static String keepEvidence(String name) {
    Path png = ARTIFACTS.resolve(name + ".png");
    Path html = ARTIFACTS.resolve(name + ".html");
    StringBuilder said = new StringBuilder();
    try {
      Files.createDirectories(ARTIFACTS);
      Files.write(png, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      said.append("screenshot: ").append(png);
    } catch (RuntimeException | IOException e) {
      said.append("no screenshot (").append(e.getClass().getSimpleName()).append(')');
    }
    try {
      Files.writeString(html, driver.getPageSource(), StandardCharsets.UTF_8);
      said.append(", page source: ").append(html);
    } catch (RuntimeException | IOException e) {
      said.append(", no page source (").append(e.getClass().getSimpleName()).append(')');
    }
    return said.append(", chromedriver log: ").append(ARTIFACTS.resolve("chromedriver.log")).toString();
  }

  private static void deleteQuietly(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // Chromium may still be writing its profile as it exits; a left-over temp dir is harmless.
        }
      }
    }
  }
}
