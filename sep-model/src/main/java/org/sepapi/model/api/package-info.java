/**
 * The SEP API's own documents, namespace {@code http://voip.co.uk/api/sep/2009-06} (kept for
 * compatibility with the published API): {@link org.sepapi.model.api.Subscribe} (what a client asks
 * for), {@link org.sepapi.model.api.Subscription} (a subscription with the current state of every
 * resource, also the body of every callback), {@link org.sepapi.model.api.Subscriptions} (a
 * caller's subscriptions), {@link org.sepapi.model.api.CallEvent} (the body of the call
 * controller's call-state callbacks) and {@link org.sepapi.model.api.ApiError} (every failure).
 */
@XmlSchema(
    namespace = SepApi.NAMESPACE,
    elementFormDefault = XmlNsForm.QUALIFIED,
    xmlns = @XmlNs(prefix = "", namespaceURI = SepApi.NAMESPACE))
@XmlAccessorType(XmlAccessType.FIELD)
package org.sepapi.model.api;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlNs;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
