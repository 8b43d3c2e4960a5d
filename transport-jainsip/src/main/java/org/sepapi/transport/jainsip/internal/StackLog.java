package org.sepapi.transport.jainsip.internal;

import gov.nist.core.LogLevels;
import gov.nist.core.StackLogger;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Properties;

/**
 * The JAIN-SIP stack's logger, routed to {@link System.Logger} {@code
 * org.sepapi.transport.jainsip.stack}: the stack needs no log4j. The stack instantiates it by class
 * name (property {@code gov.nist.javax.sip.STACK_LOGGER}). Thread-safe.
 */
public final class StackLog implements StackLogger {
  private static final Logger LOG = System.getLogger("org.sepapi.transport.jainsip.stack");

  /** For the stack, which creates it by reflection. */
  public StackLog() {}

  /**
   * The stack's levels one step down: its errors are mostly about a peer's message (WARNING), its
   * warnings and infos about its own settings (DEBUG), its debug output is a trace.
   */
  static Level level(int traceLevel) {
    if (traceLevel <= LogLevels.TRACE_FATAL) {
      return Level.ERROR;
    } else if (traceLevel <= LogLevels.TRACE_ERROR) {
      return Level.WARNING;
    } else if (traceLevel <= LogLevels.TRACE_INFO) {
      return Level.DEBUG;
    }
    return Level.TRACE;
  }

  @Override
  public void logStackTrace() {
    logStackTrace(LogLevels.TRACE_DEBUG);
  }

  @Override
  public void logStackTrace(int traceLevel) {
    Level level = level(traceLevel);
    if (LOG.isLoggable(level)) {
      LOG.log(level, "stack trace", new Throwable("stack trace"));
    }
  }

  @Override
  public int getLineCount() {
    return 0;
  }

  @Override
  public void logException(Throwable ex) {
    LOG.log(Level.DEBUG, "JAIN-SIP", ex);
  }

  @Override
  public void logDebug(String message) {
    LOG.log(Level.TRACE, message);
  }

  @Override
  public void logTrace(String message) {
    LOG.log(Level.TRACE, message);
  }

  @Override
  public void logFatalError(String message) {
    LOG.log(Level.ERROR, message);
  }

  @Override
  public void logError(String message) {
    LOG.log(Level.WARNING, message);
  }

  @Override
  public boolean isLoggingEnabled() {
    return LOG.isLoggable(Level.ERROR);
  }

  @Override
  public boolean isLoggingEnabled(int logLevel) {
    return LOG.isLoggable(level(logLevel));
  }

  @Override
  public void logError(String message, Exception ex) {
    // the event scanner reports the interrupt that ends it on close (see JainSipTransport#close)
    LOG.log(ex instanceof InterruptedException ? Level.DEBUG : Level.WARNING, message, ex);
  }

  @Override
  public void logWarning(String message) {
    LOG.log(Level.DEBUG, message);
  }

  @Override
  public void logInfo(String message) {
    LOG.log(Level.DEBUG, message);
  }

  @Override
  public void disableLogging() {}

  @Override
  public void enableLogging() {}

  @Override
  public void setBuildTimeStamp(String buildTimeStamp) {}

  @Override
  public void setStackProperties(Properties stackProperties) {}

  @Override
  public String getLoggerName() {
    return LOG.getName();
  }
}
