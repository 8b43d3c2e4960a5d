package org.sepapi.model.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.model.XmlAssert.assertEquivalent;
import static org.sepapi.model.XmlAssert.resource;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sepapi.model.AnyElement;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.messagesummary.MessageSummary;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.resourcelists.ResourceList;
import org.sepapi.model.resourcelists.ResourceLists;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;
import org.sepapi.model.rlmi.RlmiList;

class ApiDocumentsTest {
  private final XmlCodec<Subscribe> subscribeCodec = XmlCodec.of(Subscribe.class);
  private final XmlCodec<Subscription> subscriptionCodec = XmlCodec.of(Subscription.class);

  @ParameterizedTest
  @CsvSource({
    "/api/subscribe.xml, org.sepapi.model.api.Subscribe",
    "/api/subscribe-rls.xml, org.sepapi.model.api.Subscribe",
    "/api/subscription.xml, org.sepapi.model.api.Subscription",
    "/api/subscription-mwi.xml, org.sepapi.model.api.Subscription",
    "/api/subscriptions.xml, org.sepapi.model.api.Subscriptions",
    "/api/error.xml, org.sepapi.model.api.ApiError",
    "/api/call-event.xml, org.sepapi.model.api.CallEvent"
  })
  void everyDocumentRoundTrips(String name, Class<?> type) {
    roundTrip(XmlCodec.of(type), resource(name));
  }

  private static <T> void roundTrip(XmlCodec<T> codec, byte[] original) {
    T decoded = codec.decode(original);
    byte[] written = codec.encode(decoded);
    assertEquivalent(original, written);
    assertEquals(decoded, codec.decode(written));
  }

  @Test
  void aSubscribeFlattensItsNestedListsInOrderWithoutDuplicates() {
    Subscribe subscribe = subscribeCodec.decode(resource("/api/subscribe.xml"));
    assertEquals("reg", subscribe.event());
    assertEquals(
        List.of("sip:alice@example.com", "sip:bob@example.com", "sip:carol@example.com"),
        subscribe.resourceUris());
    assertEquals(
        "https://app.example.com/sep-callback?key=a&b=c", subscribe.notifyUrl().orElseThrow());
    assertEquals(
        OffsetDateTime.of(2026, 11, 23, 12, 0, 0, 0, ZoneOffset.UTC),
        subscribe.expires().orElseThrow());
    assertEquals(List.of("application/reginfo+xml"), subscribe.accept());
    assertTrue(subscribe.rlsUri().isEmpty());
  }

  @Test
  void aSubscribeMayNameAListAtAnRlsInsteadWithAnyPrefix() {
    Subscribe subscribe = subscribeCodec.decode(resource("/api/subscribe-rls.xml"));
    assertEquals("sip:adam-friends@pres.vancouver.example.com", subscribe.rlsUri().orElseThrow());
    assertEquals(List.of(), subscribe.resourceUris());
    assertTrue(subscribe.notifyUrl().isEmpty());
    assertEquals(ZoneOffset.ofHours(1), subscribe.expires().orElseThrow().getOffset());
    assertEquals(3, subscribe.accept().size());
  }

  @Test
  void aSubscriptionCarriesEachResourcesStateInline() {
    Subscription subscription = subscriptionCodec.decode(resource("/api/subscription.xml"));
    RlmiList list = subscription.list().orElseThrow();
    assertEquals(3, list.version());
    Instance alice = list.resources().get(0).instances().get(0);
    Reginfo reginfo = XmlCodec.of(Reginfo.class).decode(alice.content().get(0));
    assertEquals(
        "sip:alice@192.0.2.10:5060", reginfo.registrations().get(0).contacts().get(0).uri());
    Instance bob = list.resources().get(1).instances().get(0);
    assertEquals(Instance.State.TERMINATED, bob.state());
    assertEquals("noresource", bob.reason().orElseThrow());
  }

  @Test
  void aTextBodyKeepsItsLineEndsExactly() {
    Subscription subscription = subscriptionCodec.decode(resource("/api/subscription-mwi.xml"));
    AnyElement body =
        subscription.list().orElseThrow().resources().get(0).instances().get(0).content().get(0);
    TextBody text = TextBody.from(body).orElseThrow();
    assertEquals("application/simple-message-summary", text.contentType());
    assertTrue(text.text().startsWith("Messages-Waiting: yes\r\nMessage-Account:"), text.text());
    assertEquals(2, MessageSummary.parse(text.text()).counts().get(0).newCount());
  }

  @Test
  void aSubscriptionBuiltInCodeIsWrittenAndReadBack() {
    Reginfo reginfo = XmlCodec.of(Reginfo.class).decode(resource("/rfc3680/example.xml"));
    Subscription subscription =
        Subscription.builder()
            .event("reg")
            .id("abc")
            .list(
                RlmiList.builder()
                    .uri("http://localhost/v/2009-06/sep/abc")
                    .version(0)
                    .fullState(true)
                    .addResource(
                        Resource.builder()
                            .uri("sip:user@example.com")
                            .addInstance(
                                Instance.builder()
                                    .id("1")
                                    .state(Instance.State.ACTIVE)
                                    .addContent(XmlCodec.of(Reginfo.class).encodeToElement(reginfo))
                                    .build())
                            .addInstance(
                                Instance.builder()
                                    .id("2")
                                    .state(Instance.State.ACTIVE)
                                    .addContent(
                                        new TextBody(
                                                "text/plain", "line one\r\n\tline two & <three>")
                                            .toElement())
                                    .build())
                            .build())
                    .build())
            .notifyUrl("http://127.0.0.1:9000/cb")
            .expires(OffsetDateTime.parse("2026-11-23T12:00:00Z"))
            .build();
    Subscription read = subscriptionCodec.decode(subscriptionCodec.encode(subscription));
    assertEquals(subscription, read);
    Resource resource = read.list().orElseThrow().resources().get(0);
    assertEquals(
        reginfo, XmlCodec.of(Reginfo.class).decode(resource.instances().get(0).content().get(0)));
    assertEquals(
        "line one\r\n\tline two & <three>",
        TextBody.from(resource.instances().get(1).content().get(0)).orElseThrow().text());
  }

  @Test
  void aMisspeltElementIsAnErrorThatSaysWhere() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                subscribeCodec.decode(
                    "<subscribe xmlns='http://voip.co.uk/api/sep/2009-06' event='reg'>\n"
                        + "  <expire>2026-11-23T12:00:00Z</expire>\n"
                        + "</subscribe>"));
    assertTrue(e.getMessage().contains("expire"), e.getMessage());
    assertEquals(2, e.line());
  }

  @Test
  void aSubscribeWithBothAListAndAnRlsUriIsRefused() {
    String doc =
        "<subscribe xmlns='http://voip.co.uk/api/sep/2009-06' event='reg'>"
            + "<resource-lists xmlns='urn:ietf:params:xml:ns:resource-lists'><list>"
            + "<entry uri='sip:a@b'/></list></resource-lists>"
            + "<rls uri='sip:list@rls'/></subscribe>";
    ModelException e = assertThrows(ModelException.class, () -> subscribeCodec.decode(doc));
    assertTrue(e.getMessage().contains("not both"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Subscribe.builder()
                .event("reg")
                .resourceLists(
                    ResourceLists.builder()
                        .addList(ResourceList.builder().addEntry("sip:a@b").build())
                        .build())
                .rlsUri("sip:list@rls")
                .build());
  }

  @Test
  void anExpiryThatIsNotADateTimeIsNamedInTheError() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                subscribeCodec.decode(
                    "<subscribe xmlns='http://voip.co.uk/api/sep/2009-06' event='reg'>"
                        + "<expires>tomorrow</expires></subscribe>"));
    assertTrue(e.getMessage().contains("'tomorrow' is not an xs:dateTime"), e.getMessage());
  }

  @Test
  void anExpiryWithoutAZoneIsUtc() {
    Subscribe subscribe =
        subscribeCodec.decode(
            "<subscribe xmlns='http://voip.co.uk/api/sep/2009-06' event='dialog'>"
                + "<expires>2026-11-23T12:00:00</expires></subscribe>");
    assertEquals(ZoneOffset.UTC, subscribe.expires().orElseThrow().getOffset());
  }

  @Test
  void aSubscribeWithoutAnEventIsRefused() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> subscribeCodec.decode("<subscribe xmlns='http://voip.co.uk/api/sep/2009-06'/>"));
    assertTrue(e.getMessage().contains("subscribe event is missing"), e.getMessage());
  }

  @Test
  void theErrorDocumentIsWhatClientsRead() {
    ApiError error = XmlCodec.of(ApiError.class).decode(resource("/api/error.xml"));
    assertEquals(400, error.code());
    assertTrue(error.message().startsWith("line 3, column 9"));
    assertThrows(IllegalArgumentException.class, () -> ApiError.of(99, "no"));
  }
}
