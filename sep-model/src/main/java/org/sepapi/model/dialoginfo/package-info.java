/**
 * The dialog event package's document, RFC 4235 {@code application/dialog-info+xml}: every element
 * and attribute of the RFC's schema (section 4.4), and whatever a notifier adds beyond it (RFC 7463
 * shared-appearance elements, a PBX's own) kept as {@link org.sepapi.model.AnyElement}s and extra
 * attributes, written back unchanged.
 */
@XmlSchema(
    namespace = DialogInfo.NAMESPACE,
    elementFormDefault = XmlNsForm.QUALIFIED,
    xmlns = @XmlNs(prefix = "", namespaceURI = DialogInfo.NAMESPACE))
@XmlAccessorType(XmlAccessType.FIELD)
package org.sepapi.model.dialoginfo;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlNs;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
