/**
 * The SEP API on Jakarta REST: register {@code SepFeature} with any JAX-RS host (Jersey, RESTEasy,
 * a servlet container).
 */
package org.sepapi.rest;
