package org.sepapi.transport.jainsip.internal;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Properties;
import javax.sip.SipStack;

/**
 * The JAIN-SIP stack's message log, routed to {@link System.Logger} {@code
 * org.sepapi.transport.jainsip.messages} at TRACE: every message sent and received, first line
 * only. The stack instantiates it by class name (property {@code
 * gov.nist.javax.sip.SERVER_LOGGER}). Thread-safe.
 */
public final class MessageLog implements ServerLogger {
  private static final Logger LOG = System.getLogger("org.sepapi.transport.jainsip.messages");

  /** For the stack, which creates it by reflection. */
  public MessageLog() {}

  @Override
  public void closeLogFile() {}

  @Override
  public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
    log(message, from, to, sender);
  }

  @Override
  public void logMessage(
      SIPMessage message, String from, String to, String status, boolean sender, long time) {
    log(message, from, to, sender);
  }

  @Override
  public void logMessage(
      SIPMessage message, String from, String to, String status, boolean sender) {
    log(message, from, to, sender);
  }

  private static void log(SIPMessage message, String from, String to, boolean sender) {
    if (LOG.isLoggable(Level.TRACE)) {
      LOG.log(
          Level.TRACE,
          "{0} {1} -> {2}: {3}",
          sender ? "sent" : "received",
          from,
          to,
          message.getFirstLine().strip());
    }
  }

  @Override
  public void logException(Exception ex) {
    LOG.log(Level.DEBUG, "JAIN-SIP", ex);
  }

  @Override
  public void setStackProperties(Properties stackProperties) {}

  @Override
  public void setSipStack(SipStack sipStack) {}
}
