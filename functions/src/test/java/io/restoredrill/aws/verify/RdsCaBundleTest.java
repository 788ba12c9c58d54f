package io.restoredrill.aws.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restoredrill.core.error.EnvironmentException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped Amazon RDS CA bundle (provenance: src/main/resources/rds-ca/README.md). */
class RdsCaBundleTest {

    private static final Pattern CN = Pattern.compile("CN=([^,]+)");

    private static List<X509Certificate> certificates(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            return all.stream().map(X509Certificate.class::cast).toList();
        }
    }

    private static String commonName(X509Certificate certificate) {
        Matcher matcher = CN.matcher(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253));
        return matcher.find() ? matcher.group(1) : "";
    }

    @Test
    void theShippedBundleHoldsOnlySelfSignedAmazonRdsRootCasIncludingTheSampleRegions() throws Exception {
        // WHEN the shipped bundle is extracted for pgjdbc
        Path file = new RdsCaBundle(null).file();

        // THEN it is a private file holding the 102 root CAs recorded in the README
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        List<X509Certificate> certificates = certificates(file);
        assertThat(certificates).hasSize(102);
        // AND every one is a self-signed Amazon RDS root CA
        for (X509Certificate certificate : certificates) {
            assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
            certificate.verify(certificate.getPublicKey());
            assertThat(certificate.getBasicConstraints()).as(commonName(certificate)).isGreaterThanOrEqualTo(0);
            assertThat(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253))
                    .contains("OU=Amazon RDS", "O=Amazon Web Services\\, Inc.");
            assertThat(commonName(certificate)).matches("Amazon RDS (Beta |Preview )?[a-z]+-[a-z]+-\\d Root CA (RSA2048|RSA4096|ECC384) G1");
        }
        // AND the regions of the samples are there with all three key types
        List<String> names = certificates.stream().map(RdsCaBundleTest::commonName).toList();
        for (String region : List.of("eu-west-1", "eu-central-1", "us-east-1")) {
            assertThat(names).contains("Amazon RDS " + region + " Root CA RSA2048 G1", "Amazon RDS " + region + " Root CA RSA4096 G1",
                    "Amazon RDS " + region + " Root CA ECC384 G1");
        }
    }

    @Test
    void rdsCaBundleReplacesTheShippedBundleAndAMissingFileIsNamed(@TempDir Path dir) throws Exception {
        Path own = Files.writeString(dir.resolve("partition.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertThat(RdsCaBundle.fromEnvironment(Map.of(RdsCaBundle.ENV, own.toString())).file()).isEqualTo(own);

        assertThatThrownBy(() -> RdsCaBundle.fromEnvironment(Map.of(RdsCaBundle.ENV, "/no/such/bundle.pem")).file())
                .isInstanceOf(EnvironmentException.class)
                .hasMessageStartingWith("RDS_CA_BUNDLE names /no/such/bundle.pem, which is not a readable file");
    }
}
