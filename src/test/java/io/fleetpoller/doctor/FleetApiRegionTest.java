package io.fleetpoller.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FleetApiRegionTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "https://fleet-api.prd.na.vn.cloud.tesla.com      | NA",
      "https://FLEET-API.prd.eu.vn.cloud.tesla.com/     | EU",
      "https://fleet-api.prd.cn.vn.cloud.tesla.cn:443   | CN",
      "http://fleet-api.prd.na.vn.cloud.tesla.com       | none",
      "https://fleet-api.prd.na.vn.cloud.tesla.com:8443 | none",
      "http://127.0.0.1:18080                           | none"})
  void aBaseUrlNamesItsRegionByHost(String url, FleetApiRegion region) {
    assertThat(FleetApiRegion.ofBaseUrl(HttpUrl.parse(url).orElseThrow())).isEqualTo(Optional.ofNullable(region));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "none", value = {"NA | NA", "eu | EU", " CN | CN", "APAC | none", "none | none"})
  void ouCodesAndUsersRegionCodesNameTheSameRegions(String code, FleetApiRegion region) {
    assertThat(FleetApiRegion.ofCode(code)).isEqualTo(Optional.ofNullable(region));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://localhost:8080/x   | true",
      "http://127.0.0.1:1        | true",
      "http://[::1]:8080/        | true",
      "https://fleet.example.com | false"})
  void loopbackHostsAreThisMachine(String url, boolean loopback) {
    assertThat(HttpUrl.parse(url).orElseThrow().loopback()).isEqualTo(loopback);
  }
}
