package org.sepapi.callcontrol;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.core.sip.SipUri;

/**
 * What a client asks of the call controller: ring {@code calling}, then connect it to {@code
 * called}. Immutable; build one with {@link #builder}.
 *
 * <p>A call is known by its {@linkplain #owner() owner}, calling and called user: a second request
 * with the same three replaces the first call if that one is still live (it is hung up), as
 * sipXcallController did.
 */
public final class CallRequest {
  /** The longest {@link Builder#timeout} accepted. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  /** The longest {@link Builder#resultCacheTime} accepted. */
  public static final Duration MAX_RESULT_CACHE_TIME = Duration.ofHours(24);

  /** The longest {@link Builder#subject} accepted, in characters. */
  public static final int MAX_SUBJECT_LENGTH = 256;

  private final String owner;
  private final SipUri calling;
  private final SipUri called;
  private final SipUri agent;
  private final CallMethod method;
  private final Duration timeout;
  private final Duration resultCacheTime;
  private final String subject;
  private final boolean forwardingAllowed;
  private final URI callback;

  private CallRequest(Builder builder) {
    this.owner = builder.owner;
    this.calling = builder.calling;
    this.called = builder.called;
    this.agent = builder.agent;
    this.method = builder.method;
    this.timeout = builder.timeout;
    this.resultCacheTime = builder.resultCacheTime;
    this.subject = builder.subject;
    this.forwardingAllowed = builder.forwardingAllowed;
    this.callback = builder.callback;
  }

  /** A request from {@code owner} to connect {@code calling} to {@code called}. */
  public static Builder builder(String owner, SipUri calling, SipUri called) {
    return new Builder(owner, calling, called);
  }

  /** Who placed the call (the API principal): only it sees, replaces and hangs up the call. */
  public String owner() {
    return owner;
  }

  /** The user whose phone rings first. */
  public SipUri calling() {
    return calling;
  }

  /** The user the calling user is connected to. */
  public SipUri called() {
    return called;
  }

  /**
   * The third party acting for the calling user: the identity the controller's requests are sent as
   * (From, Referred-By) and whose SIP credentials answer challenges; empty when the calling user
   * acts for itself.
   */
  public Optional<SipUri> agent() {
    return Optional.ofNullable(agent);
  }

  /** The identity the controller's requests are sent as: the agent's, else the calling user's. */
  public SipUri identity() {
    return agent != null ? agent : calling;
  }

  public CallMethod method() {
    return method;
  }

  /** How long each phone may ring before its INVITE is cancelled; empty for the default. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** How long the call's status is kept after it ends; empty for the default. */
  public Optional<Duration> resultCacheTime() {
    return Optional.ofNullable(resultCacheTime);
  }

  /** The Subject header of the INVITEs. */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /**
   * Whether a phone's redirect (a 3xx naming another Contact) is followed, and whether the PBX may
   * forward the calls (RFC 3841 {@code Request-Disposition: no-recurse} when not). False by
   * default.
   */
  public boolean forwardingAllowed() {
    return forwardingAllowed;
  }

  /** Where the call's state changes are posted; empty for none. */
  public Optional<URI> callback() {
    return Optional.ofNullable(callback);
  }

  @Override
  public String toString() {
    return "CallRequest["
        + owner
        + ": "
        + calling
        + " -> "
        + called
        + ", "
        + method
        + (agent != null ? ", agent " + agent : "")
        + "]";
  }

  /** Builds a {@link CallRequest}. Not thread-safe. */
  public static final class Builder {
    private final String owner;
    private final SipUri calling;
    private final SipUri called;
    private SipUri agent;
    private CallMethod method = CallMethod.REFER;
    private Duration timeout;
    private Duration resultCacheTime;
    private String subject;
    private boolean forwardingAllowed;
    private URI callback;

    private Builder(String owner, SipUri calling, SipUri called) {
      this.owner = Objects.requireNonNull(owner, "owner");
      this.calling = Objects.requireNonNull(calling, "calling");
      this.called = Objects.requireNonNull(called, "called");
      if (owner.isEmpty()) {
        throw new IllegalArgumentException("the owner is empty");
      }
    }

    public Builder agent(SipUri agent) {
      this.agent = agent;
      return this;
    }

    public Builder method(CallMethod method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    /**
     * @throws IllegalArgumentException if not more than zero and at most {@link #MAX_TIMEOUT}
     */
    public Builder timeout(Duration timeout) {
      this.timeout = inRange(timeout, MAX_TIMEOUT, "timeout");
      return this;
    }

    /**
     * @throws IllegalArgumentException if negative or more than {@link #MAX_RESULT_CACHE_TIME}
     */
    public Builder resultCacheTime(Duration time) {
      Objects.requireNonNull(time, "resultCacheTime");
      if (time.isNegative() || time.compareTo(MAX_RESULT_CACHE_TIME) > 0) {
        throw new IllegalArgumentException(
            "resultCacheTime must be 0 to " + MAX_RESULT_CACHE_TIME.toSeconds() + " s: " + time);
      }
      this.resultCacheTime = time;
      return this;
    }

    /**
     * @throws IllegalArgumentException if longer than {@link #MAX_SUBJECT_LENGTH} or it holds a
     *     control character (it becomes a header)
     */
    public Builder subject(String subject) {
      if (subject != null) {
        if (subject.length() > MAX_SUBJECT_LENGTH) {
          throw new IllegalArgumentException(
              "the subject is longer than " + MAX_SUBJECT_LENGTH + " characters");
        }
        for (int i = 0; i < subject.length(); i++) {
          char c = subject.charAt(i);
          if (c < 0x20 && c != '\t' || c == 0x7f) {
            throw new IllegalArgumentException("the subject holds a control character");
          }
        }
      }
      this.subject = subject;
      return this;
    }

    public Builder forwardingAllowed(boolean allowed) {
      this.forwardingAllowed = allowed;
      return this;
    }

    /**
     * @throws IllegalArgumentException if not an absolute http or https URI
     */
    public Builder callback(URI callback) {
      if (callback != null) {
        String scheme = callback.getScheme();
        if (!callback.isAbsolute()
            || callback.getHost() == null
            || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
          throw new IllegalArgumentException(
              "the callback must be an absolute http or https URI: " + callback);
        }
      }
      this.callback = callback;
      return this;
    }

    public CallRequest build() {
      return new CallRequest(this);
    }

    private static Duration inRange(Duration value, Duration max, String what) {
      Objects.requireNonNull(value, what);
      if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            what + " must be more than 0 and at most " + max.toSeconds() + " s: " + value);
      }
      return value;
    }
  }
}
