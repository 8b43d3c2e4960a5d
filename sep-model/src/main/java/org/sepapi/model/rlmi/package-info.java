/**
 * The Resource List Meta-Information document of RFC 4662 section 5, {@code application/rlmi+xml}
 * (namespace {@code urn:ietf:params:xml:ns:rlmi}): the root of the {@code multipart/related} body
 * an RLS sends, naming the list, its resources and their instances, each instance pointing by
 * {@code cid} at the body part that carries its state. {@link
 * org.sepapi.model.rlmi.RlmiNotification} reads a whole NOTIFY body: the RLMI root and the parts
 * its instances point at.
 */
@XmlSchema(
    namespace = RlmiList.NAMESPACE,
    elementFormDefault = XmlNsForm.QUALIFIED,
    xmlns = @XmlNs(prefix = "", namespaceURI = RlmiList.NAMESPACE))
@XmlAccessorType(XmlAccessType.FIELD)
package org.sepapi.model.rlmi;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlNs;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
