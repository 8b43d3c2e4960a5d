/**
 * The call status document of sipXcallController (namespace {@code
 * http://www.sipfoundry.org/sipX/schema/xml/call-status-00-00}): the status lines a call controller
 * recorded for a call it set up, each with its time, Call-ID and method. Elements and attributes
 * beyond them are kept as {@link org.sepapi.model.AnyElement}s and extra attributes, written back
 * unchanged.
 */
@XmlSchema(
    namespace = StatusLines.NAMESPACE,
    elementFormDefault = XmlNsForm.QUALIFIED,
    xmlns = @XmlNs(prefix = "", namespaceURI = StatusLines.NAMESPACE))
@XmlAccessorType(XmlAccessType.FIELD)
package org.sepapi.model.callstatus;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlNs;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
