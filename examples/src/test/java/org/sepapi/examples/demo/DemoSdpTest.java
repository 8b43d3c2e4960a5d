package org.sepapi.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo phones' SDP answers (RFC 3264 section 6): one audio stream taken, the rest refused. */
class DemoSdpTest {
  private static final String HEAD =
      "v=0\r\no=sepapi 1 1 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n";

  @Test
  void theControllersBlackHoleOfferIsAnsweredInactive() {
    assertEquals(
        Optional.of("m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=inactive\r\n"),
        DemoPhones.answerStreams(HEAD + "m=audio 9 RTP/AVP 0\r\na=inactive\r\n", 40000));
  }

  @Test
  void theDirectionMirrorsTheOffersForItsStreamOrTheSession() {
    assertEquals(
        Optional.of("m=audio 40002 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=recvonly\r\n"),
        DemoPhones.answerStreams(HEAD + "m=audio 4000 RTP/AVP 8 0\r\na=sendonly\r\n", 40002));
    assertEquals(
        Optional.of("m=audio 40002 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendonly\r\n"),
        DemoPhones.answerStreams(
            HEAD.replace("t=0 0\r\n", "t=0 0\r\na=recvonly\r\n") + "m=audio 4000 RTP/AVP 0\r\n",
            40002));
    assertEquals(
        Optional.of("m=audio 40002 RTP/AVP 18\r\na=sendrecv\r\n"),
        DemoPhones.answerStreams(HEAD + "m=audio 4000 RTP/AVP 18\n", 40002));
  }

  @Test
  void everyStreamButTheFirstAudioIsRefusedInTheOffersOrder() {
    String offer =
        HEAD
            + "m=video 5000 RTP/AVP 96\r\n"
            + "m=audio 0 RTP/AVP 0\r\n"
            + "m=audio 4000 RTP/AVP 0\r\n"
            + "m=audio 4002 RTP/AVP 8\r\n";
    assertEquals(
        Optional.of(
            "m=video 0 RTP/AVP 96\r\n"
                + "m=audio 0 RTP/AVP 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n"
                + "m=audio 0 RTP/AVP 8\r\n"),
        DemoPhones.answerStreams(offer, 40000));
  }

  @Test
  void anOfferWithoutAWellFormedStreamHasNoAnswer() {
    assertEquals(Optional.empty(), DemoPhones.answerStreams(HEAD, 40000));
    assertEquals(Optional.empty(), DemoPhones.answerStreams(HEAD + "m=audio 4000\r\n", 40000));
    assertEquals(Optional.empty(), DemoPhones.answerStreams("", 40000));
  }
}
