/**
 * The resource lists document of RFC 4826, {@code application/resource-lists+xml}: lists of
 * entries, references to entries ({@code entry-ref}) and to lists elsewhere ({@code external}),
 * nested to any depth in document order, with a flattening to the entry URIs a resource list server
 * subscribes to. Whatever a server adds beyond the RFC is kept as {@link
 * org.sepapi.model.AnyElement}s and extra attributes, written back unchanged.
 */
@XmlSchema(
    namespace = ResourceLists.NAMESPACE,
    elementFormDefault = XmlNsForm.QUALIFIED,
    xmlns = @XmlNs(prefix = "", namespaceURI = ResourceLists.NAMESPACE))
@XmlAccessorType(XmlAccessType.FIELD)
package org.sepapi.model.resourcelists;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlNs;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
