package org.sepapi.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sepapi.rest.internal.CallControllerResource;

class CallControllerFeatureTest {
  @Test
  void aFeatureNeedsAController() {
    assertThrows(IllegalStateException.class, () -> CallControllerFeature.builder().build());
    assertThrows(
        NullPointerException.class, () -> CallControllerFeature.builder().controller(null));
    assertThrows(NullPointerException.class, () -> CallControllerFeature.builder().users(null));
    assertThrows(
        NullPointerException.class, () -> CallControllerFeature.builder().callbackPolicy(null));
  }

  @Test
  void theSingletonsAreTheFeatureAndOneResource() {
    try (CallWorld world = new CallWorld()) {
      CallControllerFeature feature =
          CallControllerFeature.builder().controller(world.controller).build();
      Set<Object> singletons = feature.singletons();
      assertEquals(2, singletons.size());
      assertTrue(singletons.contains(feature));
      assertTrue(singletons.stream().anyMatch(CallControllerResource.class::isInstance));
      assertEquals(singletons, feature.singletons(), "the same resource every time");
    }
  }
}
