package cn.yrd.onecard.pki;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableFile;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * A file's signature beside it: {@code FILE.p7s}, CMS SignedData (RFC 5652) detached, by the holder's key in its
 * profile's algorithm, carrying the holder's certificate only: a relying party takes the CAs' and the cross
 * certificates from the region's folder (a self-signed city CA carried along would lead OpenSSL's path builder away
 * from the bridge). The file itself is unchanged, so a reader that does not check signatures reads it as before
 * (docs/pki.md).
 */
final class SignedFiles {
    static final String SUFFIX = ".p7s";

    private SignedFiles() {
    }

    /** The signature file of {@code file}. */
    static Path signatureOf(Path file) {
        return file.resolveSibling(file.getFileName() + SUFFIX);
    }

    /** Signs {@code file} with the key in {@code holder} (a keystore {@code pki issue} wrote). */
    static Path sign(Profile profile, Path file, Path holder, char[] password) throws IOException,
            GeneralSecurityException {
        Holder h = open(profile, holder, password);
        return sign(profile, file, h.key(), h.certificate());
    }

    /** A holder's key and certificate. */
    record Holder(PrivateKey key, X509Certificate certificate) {
        @Override
        public String toString() {
            return "Holder[" + certificate.getSubjectX500Principal().getName() + ", key withheld]";
        }
    }

    /** The holder's certificate as its CA issued it: {@code NAME.crt} beside {@code NAME.p12}. */
    static Path certificateOf(Path holder) {
        return holder.resolveSibling(holder.getFileName().toString().replaceFirst("\\.p12$", "") + ".crt");
    }

    /** The key and certificate a keystore {@code pki issue} wrote holds. */
    static Holder open(Profile profile, Path holder, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = profile.keyStore();
        try (InputStream in = Files.newInputStream(holder)) {
            store.load(in, password);
        } catch (IOException e) {
            throw new IOException("holder keystore " + holder + " cannot be read (wrong password or not PKCS#12)", e);
        }
        PrivateKey key;
        try {
            key = (PrivateKey) store.getKey(Authority.ALIAS, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("holder keystore " + holder + ": its key cannot be opened (wrong password?)", e);
        }
        // The holder's certificate as its CA issued it, NAME.crt beside NAME.p12: Bouncy Castle's PKCS#12 gives back
        // an SM2 key with its CA's certificate rather than its own, so the chain in the keystore is not relied on.
        Path issued = certificateOf(holder);
        if (key == null || !Files.isRegularFile(issued)) {
            throw new IllegalArgumentException(holder + " and " + issued.getFileName()
                    + " beside it must hold the signer's key and certificate (pki issue writes both)");
        }
        return new Holder(key, RegionalPki.read(issued));
    }

    /** Signs {@code file} with {@code key}, whose certificate is {@code own}. */
    static Path sign(Profile profile, Path file, PrivateKey key, X509Certificate own) throws IOException,
            GeneralSecurityException {
        try {
            JcaContentSignerBuilder signer = new JcaContentSignerBuilder(profile.signature);
            JcaDigestCalculatorProviderBuilder digests = new JcaDigestCalculatorProviderBuilder();
            profile.provider().ifPresent(p -> {
                signer.setProvider(p);
                digests.setProvider(p);
            });
            CMSSignedDataGenerator cms = new CMSSignedDataGenerator();
            cms.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(digests.build()).build(signer.build(key),
                    own));
            cms.addCertificates(new JcaCertStore(List.of(own)));
            CMSSignedData signed = cms.generate(new CMSProcessableFile(file.toFile()), false);
            Path signature = signatureOf(file);
            RegionalPki.writeAtomically(signature, signed.getEncoded());
            return signature;
        } catch (OperatorCreationException | CMSException e) {
            throw new GeneralSecurityException("cannot sign " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The certificate whose key signed {@code file}, once its signature is checked against the file's bytes; an
     * {@link IllegalStateException} naming what is wrong when there is no signature or it does not match.
     */
    static X509Certificate signer(Path file) throws IOException {
        Path signature = signatureOf(file);
        if (!Files.isRegularFile(signature)) {
            throw new IllegalStateException("unsigned: no " + signature.getFileName() + " beside it");
        }
        try {
            CMSSignedData signed = new CMSSignedData(new CMSProcessableFile(file.toFile()),
                    Files.readAllBytes(signature));
            Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw new IllegalStateException("the signature holds " + signers.size() + " signers, not one");
            }
            SignerInformation by = signers.iterator().next();
            @SuppressWarnings("unchecked")
            List<X509CertificateHolder> certs = new ArrayList<>(signed.getCertificates().getMatches(by.getSID()));
            if (certs.isEmpty()) {
                throw new IllegalStateException("the signature carries no certificate of its signer");
            }
            X509Certificate cert = new JcaX509CertificateConverter().setProvider(Profile.bouncyCastle())
                    .getCertificate(certs.get(0));
            boolean matches;
            try {
                // By its key, not its certificate: Bouncy Castle would refuse a certificate expired at signing time
                // as a mismatch; whether the certificate is good is the path check's to say, in its own words. The
                // file's digest by the first provider that has it (the JDK's SHA-256, with the CPU's SHA instructions,
                // is several times Bouncy Castle's on a large file; SM3 only Bouncy Castle has), the signature by
                // Bouncy Castle's (the only one with SM2, and four times the JDK 17's P-256).
                matches = by.verify(new JcaSignerInfoVerifierBuilder(new JcaDigestCalculatorProviderBuilder().build())
                        .setProvider(Profile.bouncyCastle()).build(cert.getPublicKey()));
            } catch (CMSException e) {
                matches = false; // the digest of another file, or bytes changed: the same to a reader
            }
            if (!matches) {
                throw new IllegalStateException("tampered: the signature by " + cert.getSubjectX500Principal().getName()
                        + " does not match the file's bytes (changed since, or the signature of another file)");
            }
            return cert;
        } catch (CMSException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("not a signature: " + signature.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
