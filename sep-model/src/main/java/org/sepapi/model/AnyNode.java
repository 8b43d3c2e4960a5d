package org.sepapi.model;

/**
 * A node of an XML fragment this module does not interpret but keeps and writes back: an element in
 * a namespace (or of a name) that no binding of this module knows, as real notifiers add.
 *
 * <p>Thread-safe (immutable).
 */
public sealed interface AnyNode permits AnyElement, AnyText {}
