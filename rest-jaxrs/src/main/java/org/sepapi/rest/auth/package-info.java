/**
 * Authentication for the gateway's HTTP APIs: {@link org.sepapi.rest.auth.HttpAuthFilter} (HTTP
 * Digest per RFC 7616, trusted hosts), the {@link org.sepapi.rest.auth.UserDirectory} it looks
 * users up in, and the {@link org.sepapi.rest.auth.ApiPrincipal} it leaves on each request.
 */
package org.sepapi.rest.auth;
