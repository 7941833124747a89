package io.fleetpoller.http;

import static io.fleetpoller.http.HtmlText.escape;

import io.fleetpoller.auth.ConsentException;
import io.fleetpoller.auth.ConsentResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The small server-rendered pages of the login flow. Every dynamic value goes through {@link
 * HtmlText#escape}: the callback's query (error descriptions, account ids) is attacker-controlled.
 */
final class ConsentPages {

  private ConsentPages() {}

  static String consented(ConsentResult result) {
    StringBuilder body = new StringBuilder()
        .append("<h1>Account ").append(escape(result.account())).append(" is connected</h1>\n")
        .append("<p>The tokens are stored (version ").append(result.version())
        .append("); the daemon refreshes them from now on.</p>\n")
        .append("<p>Granted scopes: ")
        .append(result.grantedScopes().isEmpty() ? "unknown (Tesla did not say)"
            : escape(String.join(" ", result.grantedScopes())))
        .append("</p>\n");
    if (!result.missingScopes().isEmpty()) {
      body.append("<p>Asked for but not granted:</p>\n<ul>\n");
      for (String scope : result.missingScopes()) {
        body.append("<li><code>").append(escape(scope)).append("</code>: ")
            .append(escape(ConsentResult.costOf(scope))).append("</li>\n");
      }
      body.append("</ul>\n<p>To grant them, <a href=\"").append(escape(loginHref(result.account())))
          .append("\">sign in again</a> and tick them on Tesla's page.</p>\n");
    }
    return page("Account connected", body.toString());
  }

  static String failed(ConsentException failure) {
    StringBuilder body = new StringBuilder()
        .append("<h1>").append(escape(headline(failure.reason()))).append("</h1>\n")
        .append("<p>").append(escape(failure.getMessage())).append("</p>\n");
    Optional<String> account = failure.account();
    if (account.isPresent()) {
      body.append("<p><a href=\"").append(escape(loginHref(account.get())))
          .append("\">Start the login for ").append(escape(account.get())).append(" again</a></p>\n");
    } else {
      body.append("<p>Start again at <code>/auth/login?account=YOUR_ACCOUNT_ID</code>.</p>\n");
    }
    return page(headline(failure.reason()), body.toString());
  }

  static String problem(String title, String message) {
    return page(title, "<h1>" + escape(title) + "</h1>\n<p>" + escape(message) + "</p>\n");
  }

  static String headline(ConsentException.Reason reason) {
    return switch (reason) {
      case BAD_ACCOUNT -> "Missing or invalid account id";
      case STATE_MISSING -> "Login answer without a state";
      case STATE_UNKNOWN -> "Unknown login";
      case STATE_EXPIRED -> "Login expired";
      case STATE_REPLAYED -> "Login answer already used";
      case STATE_STORE_FAILED -> "Login store unavailable";
      case AUTHORIZATION_DENIED -> "Access denied";
      case CODE_MISSING -> "Login answer without a code";
      case CODE_EXCHANGE_FAILED -> "Code exchange failed";
      case STORE_FAILED -> "Tokens could not be stored";
    };
  }

  static String loginHref(String account) {
    return "/auth/login?account=" + URLEncoder.encode(account, StandardCharsets.UTF_8);
  }

  private static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + escape(title) + " - fleet-poller</title>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
  }
}
