package org.sepapi.core.internal;

import java.util.ArrayList;
import java.util.List;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.multipart.BodyPart;
import org.sepapi.model.multipart.MultipartRelated;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;
import org.sepapi.model.rlmi.RlmiList;
import org.sepapi.model.rlmi.RlmiNotification;

/** Builds RLS NOTIFY bodies as an RLS sends them, read back as the engine reads them. */
final class RlsBodies {
  static final String LIST = "sip:buddies@rls.example.com";
  private static final XmlCodec<RlmiList> RLMI = XmlCodec.of(RlmiList.class);

  private String uri = LIST;
  private final long version;
  private final boolean fullState;
  private final List<Resource> resources = new ArrayList<>();
  private final List<BodyPart> parts = new ArrayList<>();

  private RlsBodies(long version, boolean fullState) {
    this.version = version;
    this.fullState = fullState;
  }

  static RlsBodies full(long version) {
    return new RlsBodies(version, true);
  }

  static RlsBodies partial(long version) {
    return new RlsBodies(version, false);
  }

  /** The list's URI; {@link #LIST} unless set. */
  RlsBodies uri(String uri) {
    this.uri = uri;
    return this;
  }

  /** A resource with one instance whose state is {@code body} of {@code contentType}. */
  RlsBodies resource(String uri, String instanceId, String contentType, byte[] body) {
    String cid = "p" + parts.size() + "@rls.example.com";
    parts.add(BodyPart.builder().contentId(cid).contentType(contentType).body(body).build());
    return resource(uri, Instance.builder().id(instanceId).cid(cid).build());
  }

  /** A resource with these instances (their parts, if any, added separately). */
  RlsBodies resource(String uri, Instance... instances) {
    resources.add(Resource.builder().uri(uri).instances(List.of(instances)).build());
    return this;
  }

  /** A part no instance names. */
  RlsBodies part(BodyPart part) {
    parts.add(part);
    return this;
  }

  RlmiNotification build() {
    RlmiList list =
        RlmiList.builder()
            .uri(uri)
            .version(version)
            .fullState(fullState)
            .resources(resources)
            .build();
    MultipartRelated.Builder body =
        MultipartRelated.builder()
            .type(RlmiList.CONTENT_TYPE)
            .start("root@rls.example.com")
            .addPart(
                BodyPart.builder()
                    .contentId("root@rls.example.com")
                    .contentType("application/rlmi+xml;charset=\"UTF-8\"")
                    .body(RLMI.encode(list))
                    .build());
    parts.forEach(body::addPart);
    MultipartRelated multipart = body.build();
    return RlmiNotification.parse(multipart.contentType(), multipart.encode());
  }
}
