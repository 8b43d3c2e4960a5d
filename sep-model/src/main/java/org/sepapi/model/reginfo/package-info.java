/**
 * The registration event package's document, RFC 3680 {@code application/reginfo+xml}: every
 * attribute and event value of the RFC, and whatever a registrar adds beyond it kept as {@link
 * org.sepapi.model.AnyElement}s and extra attributes, written back unchanged.
 */
@XmlSchema(
    namespace = Reginfo.NAMESPACE,
    elementFormDefault = XmlNsForm.QUALIFIED,
    xmlns = @XmlNs(prefix = "", namespaceURI = Reginfo.NAMESPACE))
@XmlAccessorType(XmlAccessType.FIELD)
package org.sepapi.model.reginfo;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlNs;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
