package org.sepapi.model.api;

/** Names shared by the SEP API's documents. */
public final class SepApi {
  /** The API's namespace, {@value}. */
  public static final String NAMESPACE = "http://voip.co.uk/api/sep/2009-06";

  /** The content type of every API document, {@value}. */
  public static final String CONTENT_TYPE = "application/xml";

  private SepApi() {}
}
