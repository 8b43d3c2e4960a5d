package org.sepapi.core.internal;

import java.util.List;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.BodyCodec;
import org.sepapi.core.spi.BodyException;
import org.sepapi.model.AnyElement;
import org.sepapi.model.ModelException;
import org.sepapi.model.api.TextBody;
import org.sepapi.model.messagesummary.MessageSummary;

/**
 * The codec of the {@code message-summary} package (RFC 3842): reads {@code
 * application/simple-message-summary} bodies with the model's tolerant reader, writes the canonical
 * form, and puts it inline as the SEP API's {@code <body type="...">} text element.
 *
 * <p>Thread-safe (stateless).
 */
public final class MessageSummaryCodec implements BodyCodec<MessageSummary> {
  /** The one instance. */
  public static final MessageSummaryCodec INSTANCE = new MessageSummaryCodec();

  private static final List<String> TYPES = List.of(MessageSummary.CONTENT_TYPE);

  private MessageSummaryCodec() {}

  @Override
  public MessageSummary decode(Body body) {
    MediaTypes.require("message-summary", body, TYPES);
    try {
      return MessageSummary.parse(body.content());
    } catch (ModelException e) {
      throw new BodyException(e.getMessage(), e);
    }
  }

  @Override
  public Body encode(MessageSummary state) {
    return Body.of(MessageSummary.CONTENT_TYPE, state.encode());
  }

  @Override
  public List<AnyElement> inline(MessageSummary state) {
    // a summary may carry characters that XML cannot (a peer's stray bytes): they go as U+FFFD
    return List.of(
        new TextBody(MessageSummary.CONTENT_TYPE, PassThroughCodec.xmlSafe(state.format()))
            .toElement());
  }

  @Override
  public String toString() {
    return "MessageSummaryCodec";
  }
}
