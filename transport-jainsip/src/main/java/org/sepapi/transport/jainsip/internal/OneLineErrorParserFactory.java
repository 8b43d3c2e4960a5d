package org.sepapi.transport.jainsip.internal;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;

/**
 * The stack's message parser, except that the parse errors it reports are on one line. JAIN-SIP
 * answers a request with a broken From, To, CSeq, Via or Call-ID with {@code 400 Bad Request (<the
 * error>)}, and its errors contain line breaks (the header's text): the 400 then has a broken
 * status line that no peer can read. Named by the stack property {@code
 * gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}, which instantiates it. Thread-safe.
 */
public final class OneLineErrorParserFactory implements MessageParserFactory {
  private static final int MAX_REASON = 120;

  @Override
  public MessageParser createMessageParser(SIPTransactionStack stack) {
    return new Parser();
  }

  /** {@code failure}'s message with every control character a space, and at most 120 chars. */
  static ParseException oneLine(ParseException failure) {
    String message = failure.getMessage() == null ? "unreadable" : failure.getMessage();
    StringBuilder line = new StringBuilder(Math.min(message.length(), MAX_REASON));
    for (int i = 0; i < message.length() && line.length() < MAX_REASON; i++) {
      char c = message.charAt(i);
      line.append(Character.isISOControl(c) || c > 0x7e ? ' ' : c);
    }
    ParseException clean = new ParseException(line.toString().strip(), failure.getErrorOffset());
    clean.initCause(failure);
    return clean;
  }

  private static final class Parser extends StringMsgParser {
    @Override
    public SIPMessage parseSIPMessage(
        byte[] message, boolean readBody, boolean strict, ParseExceptionListener listener)
        throws ParseException {
      ParseExceptionListener oneLine =
          listener == null
              ? null
              : (failure, parsed, headerClass, header, text) ->
                  listener.handleException(oneLine(failure), parsed, headerClass, header, text);
      return super.parseSIPMessage(message, readBody, strict, oneLine);
    }
  }
}
