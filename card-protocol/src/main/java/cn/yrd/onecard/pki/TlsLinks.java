package cn.yrd.onecard.pki;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Mutual TLS between the region's hosts with the region's certificates (docs/pki.md, "Links"): each side shows the
 * key and certificate {@code pki issue} gave it, and trusts the other only when its certificate is good for this side
 * through the bridge (PKIX, with the CRLs of the folder), of the role this link expects, and whatever else the caller
 * asks (a kiosk the registry lists). A CRL published in the folder counts from the next handshake: the folder is read
 * again when one of its trust files changed. ECDSA profile only: the JDK's TLS knows no SM2.
 */
public final class TlsLinks {
    private TlsLinks() {
    }

    /** What a side asks of its peer's certificate beyond the path and the role: a refusal's reason, or empty. */
    public interface PeerCheck extends Function<X509Certificate, Optional<String>> {
    }

    /**
     * A TLS context that shows {@code holder}'s key and certificate (a keystore of {@code pki issue}, under
     * {@code password}) and trusts a peer whose certificate is good for {@code relying}, of {@code role}, and passes
     * {@code check}; each refusal is told to {@code refused} in one line.
     */
    public static SSLContext context(Path pki, Path holder, char[] password, RelyingParty relying, Role role,
            PeerCheck check, Consumer<String> refused, Clock clock) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(holder)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
        keys.init(store, password);
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(keys.getKeyManagers(), new TrustManager[] {new PeerTrust(pki, relying, role, check, refused, clock)},
                null);
        return tls;
    }

    /**
     * The relying party a holder is: the city its certificate ({@code NAME.crt} beside {@code NAME.p12}) names, or the
     * centre for a certificate of the bridge.
     */
    public static RelyingParty relyingPartyOf(Path holder) throws IOException {
        X509Certificate own = RegionalPki.read(SignedFiles.certificateOf(holder));
        return subject(own, "L").flatMap(cn.yrd.onecard.city.Cities::find).map(RelyingParty::of)
                .orElse(RelyingParty.CENTRE);
    }

    /** An attribute of a certificate's subject: {@code CN} a kiosk's terminal number or a host's name, {@code L} its city. */
    public static Optional<String> subject(X509Certificate cert, String attribute) {
        return RegionalPki.attribute(cert.getSubjectX500Principal(), attribute);
    }

    private static final class PeerTrust extends X509ExtendedTrustManager {
        private final Path dir;
        private final RelyingParty relying;
        private final Role role;
        private final PeerCheck check;
        private final Consumer<String> refused;
        private final Clock clock;
        private RegionalPki pki;

        PeerTrust(Path dir, RelyingParty relying, Role role, PeerCheck check, Consumer<String> refused, Clock clock) {
            this.dir = dir;
            this.relying = relying;
            this.role = role;
            this.check = check;
            this.refused = refused;
            this.clock = clock;
        }

        private void trust(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw refuse("no certificate shown");
            }
            X509Certificate peer = chain[0];
            RegionalPki.Verdict v;
            try {
                v = relyingParty().verify(peer, relying, Optional.empty(), Optional.of(role), clock.instant());
            } catch (IOException | GeneralSecurityException e) {
                throw refuse("cannot check " + peer.getSubjectX500Principal().getName() + ": " + e.getMessage());
            }
            if (!v.good()) {
                throw refuse(peer.getSubjectX500Principal().getName() + ": " + v.why());
            }
            Optional<String> more = check.apply(peer);
            if (more.isPresent()) {
                throw refuse(peer.getSubjectX500Principal().getName() + ": " + more.get());
            }
        }

        private CertificateException refuse(String why) {
            refused.accept(why);
            return new CertificateException(why);
        }

        /** The folder as last read, read again when a trust file changed (a CRL published). */
        private synchronized RegionalPki relyingParty() throws IOException {
            if (pki == null || !pki.current()) {
                pki = RegionalPki.relyingOn(dir);
            }
            return pki;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            trust(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            trust(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            trust(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            trust(chain);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
