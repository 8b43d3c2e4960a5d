package org.sepapi.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.ApiError;

class ErrorsTest {
  @Test
  void aMessageKeepsWhatXmlCanHoldAndReplacesTheRest() {
    assertEquals(
        "line 1: a \u00e9 \uD83D\uDE00 <x>", Errors.clean("line 1: a \u00e9 \uD83D\uDE00 <x>"));
    assertEquals("a\uFFFDb\uFFFDc\uFFFD", Errors.clean("a\u0000b\uFFFEc\uD800"));
    assertEquals("tab\tnew\nline", Errors.clean("tab\tnew\nline"));
    assertEquals("error", Errors.clean("  "));
    assertEquals("error", Errors.clean(null));
  }

  @Test
  void aLongMessageIsCut() {
    String cut = Errors.clean("x".repeat(10_000));
    assertEquals(Errors.MAX_MESSAGE + 3, cut.length());
    assertTrue(cut.endsWith("..."));
    assertEquals("x".repeat(Errors.MAX_MESSAGE), Errors.clean("x".repeat(Errors.MAX_MESSAGE)));
  }

  @Test
  void everyCleanedMessageMakesAnErrorDocumentThatReadsBack() {
    XmlCodec<ApiError> codec = XmlCodec.of(ApiError.class);
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x3000; c++) {
      all.append(c);
    }
    all.append("\uD800\uDC00\uDBFF\uDFFF\uDC00\uFFFE\uFFFF");
    for (int from = 0; from < all.length(); from += 400) {
      String message = Errors.clean(all.substring(from, Math.min(all.length(), from + 400)));
      ApiError error = ApiError.of(400, message);
      assertEquals(error, codec.decode(codec.encode(error)));
    }
  }
}
