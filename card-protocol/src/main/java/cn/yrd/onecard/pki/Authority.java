package cn.yrd.onecard.pki;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority of the region, the bridge or a city's: its key and its own (self-signed) certificate in a
 * PKCS#12 keystore, and what it signs: certificates (of its holders, or of another authority's key: a cross
 * certificate) and CRLs, in its {@link Profile}'s algorithms. Bouncy Castle builds the ASN.1; nothing here parses
 * X.509.
 */
final class Authority {
    static final String ALIAS = "ca";
    /** A dotted IPv4 address (an IPv6 one has a colon): a host named so is an iPAddress, any other a dNSName. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private final Profile profile;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private Authority(Profile profile, X509Certificate certificate, PrivateKey key) {
        this.profile = profile;
        this.certificate = certificate;
        this.key = key;
    }

    /** A new authority named {@code name}: its key and a self-signed certificate valid for {@code years}. */
    static Authority create(Profile profile, X500Name name, int years, SecureRandom random)
            throws GeneralSecurityException {
        KeyPair pair = profile.keyPair(random);
        Instant now = Instant.now();
        X509Certificate self = sign(profile, pair.getPrivate(), pair.getPublic(), name, name, pair.getPublic(),
                serial(random), now, now.plusSeconds(years * 366L * 86_400), Role.AUTHORITY, List.of());
        return new Authority(profile, self, pair.getPrivate());
    }

    static Authority load(Profile profile, Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = profile.keyStore();
            store.load(in, password);
            return new Authority(profile, (X509Certificate) store.getCertificate(ALIAS), (PrivateKey) store.getKey(
                    ALIAS, password));
        } catch (GeneralSecurityException e) {
            throw new IOException("authority keystore " + file + " cannot be opened: " + e.getClass().getSimpleName(), e);
        } catch (IOException e) {
            throw new IOException("authority keystore " + file + " cannot be read (wrong password or not PKCS#12)", e);
        }
    }

    void save(Path file, char[] password) throws IOException {
        store(profile, file, password, key, List.of(certificate));
    }

    /** Writes {@code key} and its chain to a PKCS#12 keystore, whole or not at all. */
    static void store(Profile profile, Path file, char[] password, PrivateKey key, List<X509Certificate> chain)
            throws IOException {
        try {
            KeyStore store = profile.keyStore();
            store.load(null, password);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(Certificate[]::new));
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            store.store(bytes, password);
            RegionalPki.writeAtomically(file, bytes.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write keystore " + file + ": " + e.getMessage(), e);
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** A certificate of {@code role} for {@code subject}'s {@code publicKey}, signed by this authority. */
    X509Certificate certify(X500Name subject, PublicKey publicKey, Role role, Instant notBefore, Instant notAfter,
            SecureRandom random) throws GeneralSecurityException {
        return certify(subject, publicKey, role, List.of(), notBefore, notAfter, random);
    }

    /**
     * The same, naming the {@code hosts} (DNS names or IP addresses) a server of {@code role} answers on: browsers and
     * the JDK's own clients match the address they asked for against them.
     */
    X509Certificate certify(X500Name subject, PublicKey publicKey, Role role, List<String> hosts, Instant notBefore,
            Instant notAfter, SecureRandom random) throws GeneralSecurityException {
        return sign(profile, key, certificate.getPublicKey(), X500Name.getInstance(certificate
                .getSubjectX500Principal().getEncoded()), subject, publicKey, serial(random), notBefore, notAfter,
                role, hosts);
    }

    /** The CRL listing {@code revoked}, numbered {@code number}, valid until {@code nextUpdate}. */
    X509CRL crl(List<Revocation> revoked, long number, Instant thisUpdate, Instant nextUpdate)
            throws GeneralSecurityException {
        try {
            X509v2CRLBuilder crl = new JcaX509v2CRLBuilder(certificate, Date.from(thisUpdate));
            crl.setNextUpdate(Date.from(nextUpdate));
            for (Revocation r : revoked) {
                crl.addCRLEntry(r.serial(), Date.from(r.at()), CRLReason.keyCompromise);
            }
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            crl.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(
                    certificate.getPublicKey()));
            crl.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
            JcaX509CRLConverter converter = new JcaX509CRLConverter();
            profile.provider().ifPresent(converter::setProvider);
            return converter.getCRL(crl.build(signer(profile, key)));
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode the CRL: " + e.getMessage(), e);
        }
    }

    /** A certificate's revocation: its serial and when. */
    record Revocation(BigInteger serial, Instant at) {
    }

    private static X509Certificate sign(Profile profile, PrivateKey issuerKey, PublicKey issuerPublicKey,
            X500Name issuer, X500Name subject, PublicKey publicKey, BigInteger serial, Instant notBefore,
            Instant notAfter, Role role, List<String> hosts) throws GeneralSecurityException {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                    Date.from(notAfter), subject, publicKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerPublicKey));
            if (role == Role.AUTHORITY) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(role.serverSide()
                        ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                        : new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}));
            }
            if (!hosts.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(hosts.stream()
                        .map(h -> new GeneralName(IP_LITERAL.matcher(h).matches() || h.contains(":")
                                ? GeneralName.iPAddress : GeneralName.dNSName, h))
                        .toArray(GeneralName[]::new)));
            }
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            profile.provider().ifPresent(converter::setProvider);
            return converter.getCertificate(b.build(signer(profile, issuerKey)));
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode the certificate: " + e.getMessage(), e);
        }
    }

    private static ContentSigner signer(Profile profile, PrivateKey key) throws GeneralSecurityException {
        try {
            JcaContentSignerBuilder builder = new JcaContentSignerBuilder(profile.signature);
            profile.provider().ifPresent(builder::setProvider);
            return builder.build(key);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    /** A positive 63-bit serial: unpredictable, as CA/B practice asks, and unique in practice. */
    private static BigInteger serial(SecureRandom random) {
        return BigInteger.valueOf(random.nextLong() & Long.MAX_VALUE | 1L << 62);
    }

    @Override
    public String toString() {
        return "Authority[" + certificate.getSubjectX500Principal().getName() + ", key redacted]";
    }
}
