package org.sepapi.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SepFeatureTest {
  @Test
  void aFeatureNeedsAService() {
    assertThrows(IllegalStateException.class, () -> SepFeature.builder().build());
    assertThrows(NullPointerException.class, () -> SepFeature.builder().service(null));
  }

  @Test
  void theRequestBoundIsPositiveAndOneMebibyteByDefault() {
    try (World world = new World()) {
      assertEquals(1 << 20, SepFeature.builder().service(world.service).build().maxRequestBytes());
      assertEquals(
          10,
          SepFeature.builder()
              .service(world.service)
              .maxRequestBytes(10)
              .build()
              .maxRequestBytes());
    }
    assertThrows(IllegalArgumentException.class, () -> SepFeature.builder().maxRequestBytes(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> SepFeature.builder().maxRequestBytes(Integer.MAX_VALUE));
  }
}
