package cn.yrd.onecard.pki;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * One line of an authority's index ({@code index/ISSUER.txt}): a certificate it issued, and when it revoked it, if
 * it did. {@code serial(hex)|subject|not after (epoch s)|V|} or {@code …|R|revoked at (epoch s)}.
 */
record Issued(BigInteger serial, String subject, long notAfter, Instant revokedAt) {

    static Issued of(X509Certificate cert) {
        return new Issued(cert.getSerialNumber(), cert.getSubjectX500Principal().getName(),
                cert.getNotAfter().toInstant().getEpochSecond(), null);
    }

    static Issued parse(String line) {
        String[] f = line.split("\\|", -1);
        return new Issued(new BigInteger(f[0], 16), f[1], Long.parseLong(f[2]),
                f[3].equals("R") ? Instant.ofEpochSecond(Long.parseLong(f[4])) : null);
    }

    boolean revoked() {
        return revokedAt != null;
    }

    Issued revoke(Instant at) {
        return new Issued(serial, subject, notAfter, at);
    }

    String line() {
        return String.join("|", serial.toString(16), subject, Long.toString(notAfter), revoked() ? "R" : "V",
                revoked() ? Long.toString(revokedAt.getEpochSecond()) : "");
    }
}
