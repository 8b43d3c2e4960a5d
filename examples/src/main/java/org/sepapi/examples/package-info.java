/** The runnable SEP gateway ({@code GatewayMain}) and its embedded demo PBX. */
package org.sepapi.examples;
