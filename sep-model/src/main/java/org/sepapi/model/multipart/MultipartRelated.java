package org.sepapi.model.multipart;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.sepapi.model.ModelException;

/**
 * A {@code multipart/related} body (RFC 2387), as a resource list server sends it in a NOTIFY (RFC
 * 4662): a root part, normally an RLMI document, and the parts it points at by Content-ID.
 *
 * <p>Reading ({@link #parse(String, byte[])}) takes the Content-Type header value and the body's
 * bytes. The Content-Type must be {@code multipart/related} with a valid {@code boundary}
 * (parameter names ignore case; values may be quoted strings or bare tokens). The body is split on
 * the boundary as RFC 2046 section 5.1.1 says, with a bare LF accepted for CRLF; preamble and
 * epilogue are ignored; each part keeps its header fields (folded lines unfolded) and its exact
 * content bytes. The {@code type} parameter, which RFC 2387 requires, is not insisted on. A body
 * that is malformed, has no closing delimiter, or goes past a bound of {@link MultipartLimits} is
 * refused with a {@link ModelException} that says why; no input makes it throw anything else or
 * hang.
 *
 * <p>Writing ({@link #builder()}, then {@link #encode()} and {@link #contentType()}) picks a
 * boundary that occurs in no part, so that {@code parse(contentType(), encode())} gives back an
 * equal value.
 *
 * <p>Thread-safe (immutable).
 */
public final class MultipartRelated {
  /** The media type, {@value}. */
  public static final String MEDIA_TYPE = "multipart/related";

  private final Map<String, String> parameters;
  private final List<BodyPart> parts;

  private MultipartRelated(Map<String, String> parameters, List<BodyPart> parts) {
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    this.parts = List.copyOf(parts);
  }

  /** Reads a body with the default limits. */
  public static MultipartRelated parse(String contentTypeHeader, byte[] body) {
    return parse(contentTypeHeader, body, MultipartLimits.DEFAULT);
  }

  /**
   * Reads a body.
   *
   * @param contentTypeHeader the value of the message's Content-Type header, for example {@code
   *     multipart/related;type="application/rlmi+xml";start="<a@b>";boundary="x"}
   * @param body the message body
   * @throws ModelException if the Content-Type is missing, not {@code multipart/related} or has no
   *     valid boundary, if the body does not split into parts on it, or if it goes past a limit
   */
  public static MultipartRelated parse(
      String contentTypeHeader, byte[] body, MultipartLimits limits) {
    Objects.requireNonNull(limits, "limits");
    if (contentTypeHeader == null) {
      throw new ModelException("no Content-Type: a multipart body needs one for its boundary");
    }
    if (body == null) {
      throw new ModelException("no body");
    }
    if (contentTypeHeader.length() > limits.maxHeaderBytes()) {
      throw new ModelException(
          "Content-Type longer than the limit of " + limits.maxHeaderBytes() + " bytes");
    }
    if (body.length > limits.maxBodyBytes()) {
      throw new ModelException(
          "body of "
              + body.length
              + " bytes is larger than the limit of "
              + limits.maxBodyBytes()
              + " bytes");
    }
    Mime.ContentType contentType = Mime.ContentType.parse(contentTypeHeader);
    if (!MEDIA_TYPE.equals(contentType.mediaType())) {
      throw new ModelException("Content-Type " + contentType.mediaType() + " is not " + MEDIA_TYPE);
    }
    String boundary = contentType.parameters().get("boundary");
    if (boundary == null) {
      throw new ModelException("Content-Type has no boundary parameter");
    }
    String bad = Mime.badBoundary(boundary);
    if (bad != null) {
      throw new ModelException("invalid boundary: " + bad);
    }
    return new MultipartRelated(
        contentType.parameters(), MultipartParser.split(body, boundary, limits));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this body's parts and parameters (its boundary as a preference). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.parameters.putAll(parameters);
    b.parts.addAll(parts);
    return b;
  }

  /** The {@code type} parameter: the media type of the root part, for example an RLMI type. */
  public Optional<String> type() {
    return parameter("type");
  }

  /** The {@code start} parameter as written: the Content-ID of the root part, in angle brackets. */
  public Optional<String> start() {
    return parameter("start");
  }

  /** The boundary the parts are separated by. */
  public String boundary() {
    return parameters.get("boundary");
  }

  /** A parameter of the Content-Type, by name (ignoring case). */
  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Every parameter of the Content-Type, names in lower case, in order. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** The parts, in order; never empty. */
  public List<BodyPart> parts() {
    return parts;
  }

  /**
   * The root part (RFC 2387): the part whose Content-ID is the {@code start} parameter (angle
   * brackets and surrounding white space ignored); the first part when there is no {@code start},
   * or when no part has that Content-ID.
   */
  public BodyPart root() {
    Optional<String> start = start().map(Mime::normalizeContentId);
    if (start.isPresent()) {
      for (BodyPart part : parts) {
        if (part.contentId().filter(start.get()::equals).isPresent()) {
          return part;
        }
      }
    }
    return parts.get(0);
  }

  /**
   * The first part with a Content-ID, found the way an RLMI {@code instance} names it: its {@code
   * cid} attribute holds the Content-ID without angle brackets (RFC 2392); a Content-ID in angle
   * brackets, or a {@code cid:} URL (whose %-escapes are decoded), is found too.
   */
  public Optional<BodyPart> part(String cid) {
    String wanted = Mime.normalizeReference(Objects.requireNonNull(cid, "cid"));
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    for (BodyPart part : parts) {
      if (part.contentId().filter(wanted::equals).isPresent()) {
        return Optional.of(part);
      }
    }
    return Optional.empty();
  }

  /**
   * The Content-Type header value to send with {@link #encode()}, every parameter quoted, for
   * example {@code multipart/related;type="application/rlmi+xml";start="<a@b>";boundary="x"}.
   */
  public String contentType() {
    StringBuilder s = new StringBuilder(MEDIA_TYPE);
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      s.append(';').append(parameter.getKey()).append('=').append(Mime.quote(parameter.getValue()));
    }
    return s.toString();
  }

  /** The body: each part after a delimiter line, CRLF line ends, then the close delimiter. */
  public byte[] encode() {
    byte[] delimiter = ("--" + boundary()).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    for (BodyPart part : parts) {
      out.writeBytes(delimiter);
      out.writeBytes(CRLF);
      out.writeBytes(headerSection(part));
      out.writeBytes(part.bodyUnsafe());
      out.writeBytes(CRLF);
    }
    out.writeBytes(delimiter);
    out.writeBytes(new byte[] {'-', '-'});
    out.writeBytes(CRLF);
    return out.toByteArray();
  }

  private static final byte[] CRLF = {'\r', '\n'};

  private static byte[] headerSection(BodyPart part) {
    StringBuilder s = new StringBuilder();
    for (BodyPart.Header header : part.headers()) {
      s.append(header.name()).append(": ").append(header.value()).append("\r\n");
    }
    return s.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MultipartRelated other
        && parameters.equals(other.parameters)
        && parts.equals(other.parts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(parameters, parts);
  }

  @Override
  public String toString() {
    return "MultipartRelated{parameters=" + parameters + ", parts=" + parts + "}";
  }

  /** Builds a {@link MultipartRelated}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final List<BodyPart> parts = new ArrayList<>();

    private Builder() {}

    /** The root part's media type, for example {@code application/rlmi+xml}; null for none. */
    public Builder type(String type) {
      return set("type", type);
    }

    /**
     * The Content-ID of the root part, with or without angle brackets (it is written with them);
     * null for none, which makes the first part the root.
     */
    public Builder start(String contentId) {
      if (contentId == null) {
        return set("start", null);
      }
      String id = Mime.normalizeContentId(contentId);
      if (id.isEmpty()) {
        throw new IllegalArgumentException("an empty start Content-ID");
      }
      return set("start", "<" + id + ">");
    }

    /**
     * The boundary to use if it occurs in no part; otherwise, or when none is given, {@link
     * #build()} picks one that does not occur.
     */
    public Builder boundary(String boundary) {
      if (boundary != null) {
        String bad = Mime.badBoundary(boundary);
        if (bad != null) {
          throw new IllegalArgumentException(bad);
        }
      }
      return set("boundary", boundary);
    }

    /** Another Content-Type parameter, for example {@code start-info}; null removes it. */
    public Builder parameter(String name, String value) {
      String key = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
      if (key.equals("boundary") || key.equals("start")) {
        throw new IllegalArgumentException("set " + key + " with its own method");
      }
      String bad = Mime.badHeaderName(key);
      if (bad != null || key.contains("=") || key.contains(";") || key.contains("\"")) {
        throw new IllegalArgumentException("not a parameter name: " + name);
      }
      return set(key, value);
    }

    /** Adds a part; the first part added is the root unless {@link #start} names another. */
    public Builder addPart(BodyPart part) {
      parts.add(Objects.requireNonNull(part, "part"));
      return this;
    }

    public Builder parts(List<BodyPart> parts) {
      this.parts.clear();
      parts.forEach(this::addPart);
      return this;
    }

    private Builder set(String name, String value) {
      if (value == null) {
        parameters.remove(name);
        return this;
      }
      String bad = Mime.badValue(value, "parameter " + name);
      if (bad != null) {
        throw new IllegalArgumentException(bad);
      }
      parameters.put(name, value);
      return this;
    }

    /**
     * The body.
     *
     * @throws IllegalArgumentException when there is no part, or {@code start} names no part
     */
    public MultipartRelated build() {
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("a multipart body needs at least one part");
      }
      String start = parameters.get("start");
      if (start != null) {
        String id = Mime.normalizeContentId(start);
        if (parts.stream().noneMatch(p -> p.contentId().filter(id::equals).isPresent())) {
          throw new IllegalArgumentException("start " + start + " is the Content-ID of no part");
        }
      }
      Map<String, String> chosen = new LinkedHashMap<>(parameters);
      String preferred = parameters.get("boundary");
      chosen.put("boundary", preferred != null && fits(preferred) ? preferred : freshBoundary());
      return new MultipartRelated(chosen, parts);
    }

    private boolean fits(String boundary) {
      byte[] needle = boundary.getBytes(StandardCharsets.US_ASCII);
      for (BodyPart part : parts) {
        if (MultipartParser.contains(headerSection(part), needle)
            || MultipartParser.contains(part.bodyUnsafe(), needle)) {
          return false;
        }
      }
      return true;
    }

    private String freshBoundary() {
      String alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int attempt = 0; attempt < 100; attempt++) {
        StringBuilder s = new StringBuilder("sepapi-");
        for (int i = 0; i < 24; i++) {
          s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        if (fits(s.toString())) {
          return s.toString();
        }
      }
      throw new IllegalStateException("no boundary found that occurs in no part");
    }
  }
}
