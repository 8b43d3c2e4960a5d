/**
 * The presence document of RFC 3863, {@code application/pidf+xml}: a presentity's tuples with their
 * basic status, contact, notes and timestamp. PIDF is built to be extended: rich presence (RFC 4480
 * RPID), the data model's persons and devices (RFC 4479) and anything else a client publishes are
 * kept as {@link org.sepapi.model.AnyElement}s where they were found (presence, tuple or status)
 * and written back unchanged.
 */
@XmlSchema(
    namespace = Presence.NAMESPACE,
    elementFormDefault = XmlNsForm.QUALIFIED,
    xmlns = @XmlNs(prefix = "", namespaceURI = Presence.NAMESPACE))
@XmlAccessorType(XmlAccessType.FIELD)
package org.sepapi.model.pidf;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlNs;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
