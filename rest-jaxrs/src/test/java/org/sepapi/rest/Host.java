package org.sepapi.rest;

import java.net.URI;

/** A running JAX-RS host serving one application on 127.0.0.1. */
interface Host extends AutoCloseable {
  /** {@code http://127.0.0.1:port/}, with the port the host bound. */
  URI base();

  @Override
  void close();
}
