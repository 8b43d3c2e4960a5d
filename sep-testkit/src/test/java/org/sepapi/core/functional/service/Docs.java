package org.sepapi.core.functional.service;

import java.util.List;
import java.util.Optional;
import org.sepapi.core.spi.Notification;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;
import org.sepapi.model.rlmi.RlmiList;

/** Reads the {@code <subscription>} documents a client gets, as a client would. */
final class Docs {
  static final XmlCodec<Subscription> SUBSCRIPTION = XmlCodec.of(Subscription.class);
  static final XmlCodec<Reginfo> REGINFO = XmlCodec.of(Reginfo.class);
  static final XmlCodec<DialogInfo> DIALOG_INFO = XmlCodec.of(DialogInfo.class);

  private Docs() {}

  /** A callback's body, decoded and checked against its notification's fields. */
  static Subscription decode(Notification notification) {
    if (!notification.body().contentType().equals("application/xml")) {
      throw new AssertionError("a callback is application/xml: " + notification.body());
    }
    Subscription document = SUBSCRIPTION.decode(notification.body().content());
    RlmiList list = list(document);
    if (list.version() != notification.version()
        || list.fullState() != notification.fullState()
        || !document.id().equals(notification.subscriptionId())) {
      throw new AssertionError(
          "the document says version "
              + list.version()
              + " fullState "
              + list.fullState()
              + " id "
              + document.id()
              + " but the notification "
              + notification);
    }
    // the document is what a client reads: it round-trips through its own encoding
    Subscription again = SUBSCRIPTION.decode(SUBSCRIPTION.encode(document));
    if (!again.equals(document)) {
      throw new AssertionError("the document does not round-trip: " + document);
    }
    return document;
  }

  static RlmiList list(Subscription document) {
    return document.list().orElseThrow(() -> new AssertionError("no list in " + document));
  }

  /** The URIs of the resources of the document's list, in order. */
  static List<String> uris(Subscription document) {
    return list(document).resources().stream().map(Resource::uri).toList();
  }

  static Resource resource(Subscription document, String uri) {
    return list(document)
        .resource(uri)
        .orElseThrow(() -> new AssertionError("no resource " + uri + " in " + document));
  }

  static Optional<Resource> maybeResource(Subscription document, String uri) {
    return list(document).resource(uri);
  }

  /** The one instance of the resource. */
  static Instance instance(Subscription document, String uri) {
    List<Instance> instances = resource(document, uri).instances();
    if (instances.size() != 1) {
      throw new AssertionError("not one instance of " + uri + ": " + instances);
    }
    return instances.get(0);
  }

  /** The reginfo inline in an instance. */
  static Reginfo reginfo(Instance instance) {
    if (instance.content().size() != 1) {
      throw new AssertionError("not one element in " + instance);
    }
    return REGINFO.decode(instance.content().get(0));
  }

  static DialogInfo dialogInfo(Instance instance) {
    if (instance.content().size() != 1) {
      throw new AssertionError("not one element in " + instance);
    }
    return DIALOG_INFO.decode(instance.content().get(0));
  }
}
