package io.fleetpoller.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.auth.ConsentResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsentPagesTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "plain | plain",
      "<b> | &lt;b&gt;",
      "a&b | a&amp;b",
      "`\"x\"` | &quot;x&quot;",
      "it's | it&#39;s",
      "`` | ``"})
  void escapesWhatHtmlWouldInterpret(String raw, String escaped) {
    assertThat(HtmlText.escape(raw)).isEqualTo(escaped);
  }

  @Test
  void theSuccessPageEscapesEveryValueAndListsWhatMissingScopesCost() {
    String page = ConsentPages.consented(new ConsentResult("a.b", List.of("openid", "<x>"),
        List.of("vehicle_location", "<y>"), 3));

    assertThat(page).contains("Account a.b is connected").contains("version 3").contains("openid &lt;x&gt;")
        .contains("<code>vehicle_location</code>: no location data").contains("<code>&lt;y&gt;</code>")
        .doesNotContain("<x>").doesNotContain("<y>");
  }
}
