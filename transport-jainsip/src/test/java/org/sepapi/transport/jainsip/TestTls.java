package org.sepapi.transport.jainsip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS key material for the tests, made when first needed with the JDK's {@code keytool} (EC P-256,
 * self-signed, valid two days), read into memory, and the files deleted: nothing to commit, nothing
 * that expires in the repository. Two identities: {@link #LOCALHOST}, whose certificate names
 * {@code localhost} and {@code 127.0.0.1}, and {@link #STRANGER}, whose certificate names only
 * {@code stranger.invalid}. Thread-safe (made once, in the class's initialization).
 */
final class TestTls {
  private static final char[] PASSWORD = "sepapi-test".toCharArray();

  /** A key and self-signed certificate for {@code localhost} and {@code 127.0.0.1}. */
  static final KeyStore LOCALHOST;

  /** A key and self-signed certificate for {@code stranger.invalid} only. */
  static final KeyStore STRANGER;

  static {
    try {
      Path dir = Files.createTempDirectory("sepapi-tls");
      try {
        Path localhost = dir.resolve("localhost.p12");
        Path stranger = dir.resolve("stranger.p12");
        // both at once: each keytool run starts a JVM
        Process first = keytool(localhost, "localhost", "dns:localhost,ip:127.0.0.1");
        Process second = keytool(stranger, "stranger.invalid", "dns:stranger.invalid");
        await(first);
        await(second);
        LOCALHOST = load(localhost);
        STRANGER = load(stranger);
      } finally {
        try (var files = Files.list(dir)) {
          for (Path file : files.toList()) {
            Files.deleteIfExists(file);
          }
        }
        Files.deleteIfExists(dir);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExceptionInInitializerError(e);
    }
  }

  private TestTls() {}

  private static Process keytool(Path store, String name, String alternativeNames)
      throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            keytool.toString(),
            "-genkeypair",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-alias",
            "key",
            "-dname",
            "CN=" + name,
            "-ext",
            "SAN=" + alternativeNames,
            "-validity",
            "2",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass",
            new String(PASSWORD),
            "-keypass",
            new String(PASSWORD),
            "-noprompt"));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static void await(Process process) throws IOException, InterruptedException {
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("keytool did not finish");
    }
    if (process.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
  }

  private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, PASSWORD);
    }
    return store;
  }

  /** A context with {@code identity}'s key (none if null) that trusts {@code trusted}'s certs. */
  static SSLContext context(KeyStore identity, KeyStore... trusted) {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      KeyStore none = KeyStore.getInstance("PKCS12");
      none.load(null, null);
      keys.init(identity == null ? none : identity, PASSWORD);
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      int n = 0;
      for (KeyStore store : trusted) {
        Certificate certificate = store.getCertificate("key");
        anchors.setCertificateEntry("trusted-" + n++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(anchors);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The usual test context: the {@link #LOCALHOST} identity, trusting only it. */
  static SSLContext localhost() {
    return context(LOCALHOST, LOCALHOST);
  }
}
