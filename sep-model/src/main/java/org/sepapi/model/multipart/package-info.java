/**
 * RFC 2387 {@code multipart/related} bodies, split and joined as RFC 2046 section 5.1 says, for the
 * NOTIFY bodies of a resource list server (RFC 4662): {@link
 * org.sepapi.model.multipart.MultipartRelated} reads and writes one, {@link
 * org.sepapi.model.multipart.BodyPart} is one of its parts. Plain Java, no XML binding; every bound
 * of {@link org.sepapi.model.multipart.MultipartLimits} is enforced and bad input is refused with a
 * {@link org.sepapi.model.ModelException}.
 */
package org.sepapi.model.multipart;
