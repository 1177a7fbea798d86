package io.polybridge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for localhost made by the JDK's keytool: the server's PKCS#12 keystore and a PKCS#12
 * truststore that trusts it, both under one password, in the given directory.
 */
public record TestCertificates(Path keystore, Path truststore, String password) {

    public static TestCertificates localhost(Path dir, String name, String password)
            throws IOException, InterruptedException {
        Path keystore = dir.resolve(name + ".p12");
        Path truststore = dir.resolve(name + "-trust.p12");
        Path certificate = dir.resolve(name + ".pem");
        keytool(
                dir,
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                password,
                "-keypass",
                password);
        keytool(
                dir,
                "-exportcert",
                "-rfc",
                "-alias",
                name,
                "-keystore",
                keystore.toString(),
                "-storepass",
                password,
                "-file",
                certificate.toString());
        keytool(
                dir,
                "-importcert",
                "-noprompt",
                "-alias",
                name,
                "-file",
                certificate.toString(),
                "-keystore",
                truststore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                password);
        return new TestCertificates(keystore, truststore, password);
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Path log = dir.resolve("keytool.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + Files.readString(log));
        }
    }
}
