/**
 * RFC 3420 {@code message/sipfrag}: a fragment of a SIP message (an optional start line, headers,
 * an optional body), as carried by the NOTIFYs of a REFER subscription (RFC 3515) to report how the
 * referred request went. Plain text, read by {@link org.sepapi.model.sipfrag.SipFrag#parse(byte[])}
 * and written by {@link org.sepapi.model.sipfrag.SipFrag#encode()}.
 */
package org.sepapi.model.sipfrag;
