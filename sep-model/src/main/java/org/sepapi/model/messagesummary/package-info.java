/**
 * The message-summary event package's body, RFC 3842 {@code application/simple-message-summary}:
 * the message-waiting flag, the account, the counts per message-context-class of RFC 3458 (a class
 * this library does not know is kept by its name) and the headers of new messages that may follow.
 * Plain text, read by {@link org.sepapi.model.messagesummary.MessageSummary#parse(byte[])} and
 * written by {@link org.sepapi.model.messagesummary.MessageSummary#encode()}.
 */
package org.sepapi.model.messagesummary;
