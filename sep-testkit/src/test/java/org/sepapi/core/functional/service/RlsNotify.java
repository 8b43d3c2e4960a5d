package org.sepapi.core.functional.service;

import java.util.ArrayList;
import java.util.List;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.multipart.BodyPart;
import org.sepapi.model.multipart.MultipartRelated;
import org.sepapi.model.pidf.Presence;
import org.sepapi.model.pidf.Status;
import org.sepapi.model.pidf.Tuple;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;
import org.sepapi.model.rlmi.RlmiList;

/** An RLS NOTIFY body (RFC 4662): multipart/related, the RLMI list first, then a part per state. */
final class RlsNotify {
  static final XmlCodec<RlmiList> RLMI = XmlCodec.of(RlmiList.class);
  static final XmlCodec<Presence> PIDF = XmlCodec.of(Presence.class);

  private final String listUri;
  private final long version;
  private final boolean fullState;
  private final List<Resource> resources = new ArrayList<>();
  private final List<BodyPart> parts = new ArrayList<>();

  private RlsNotify(String listUri, long version, boolean fullState) {
    this.listUri = listUri;
    this.version = version;
    this.fullState = fullState;
  }

  static RlsNotify full(String listUri, long version) {
    return new RlsNotify(listUri, version, true);
  }

  static RlsNotify partial(String listUri, long version) {
    return new RlsNotify(listUri, version, false);
  }

  /** The PIDF of {@code uri}: one tuple, open or closed. */
  static Presence presence(String uri, boolean open) {
    return Presence.builder()
        .entity(uri)
        .addTuple(Tuple.builder().id("t1").status(open ? Status.open() : Status.closed()).build())
        .build();
  }

  /** A resource with one active instance whose state is the presence {@code open} or closed. */
  RlsNotify active(String uri, String instanceId, boolean open) {
    String cid = "p" + parts.size() + "." + version + "@rls.test";
    parts.add(
        BodyPart.builder()
            .contentId(cid)
            .contentType(Presence.CONTENT_TYPE)
            .body(PIDF.encode(presence(uri, open)))
            .build());
    resources.add(
        Resource.builder()
            .uri(uri)
            .addInstance(
                Instance.builder().id(instanceId).state(Instance.State.ACTIVE).cid(cid).build())
            .build());
    return this;
  }

  /** A resource with one instance in {@code state} (not active) and no part. */
  RlsNotify without(String uri, String instanceId, Instance.State state, String reason) {
    Instance.Builder instance = Instance.builder().id(instanceId).state(state);
    if (reason != null) {
      instance.reason(reason);
    }
    resources.add(Resource.builder().uri(uri).addInstance(instance.build()).build());
    return this;
  }

  MultipartRelated build() {
    RlmiList list =
        RlmiList.builder()
            .uri(listUri)
            .version(version)
            .fullState(fullState)
            .resources(resources)
            .build();
    MultipartRelated.Builder body =
        MultipartRelated.builder()
            .type(RlmiList.CONTENT_TYPE)
            .start("root." + version + "@rls.test")
            .addPart(
                BodyPart.builder()
                    .contentId("root." + version + "@rls.test")
                    .contentType(RlmiList.CONTENT_TYPE + ";charset=\"UTF-8\"")
                    .body(RLMI.encode(list))
                    .build());
    parts.forEach(body::addPart);
    return body.build();
  }
}
