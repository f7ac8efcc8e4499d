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
import java.util.Set;
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
    /**
     * How long a TLS session may be resumed, in seconds. A resumed handshake shows no certificate, so no trust manager
     * sees a CRL published meanwhile: this bounds how long a revoked peer keeps a session it had (the JDK's default
     * is a day).
     */
    public static final int RESUMABLE_SECONDS = 300;

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
        return context(pki, holder, password, relying, Set.of(role), check, refused, clock);
    }

    /**
     * As {@link #context(Path, Path, char[], RelyingParty, Role, PeerCheck, Consumer, Clock)}, for a server whose
     * clients may be of any of {@code roles} (a pension host's: agents and kiosks); what each role may ask is the
     * server's to decide ({@link #role}).
     */
    public static SSLContext context(Path pki, Path holder, char[] password, RelyingParty relying, Set<Role> roles,
            PeerCheck check, Consumer<String> refused, Clock clock) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(holder)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
        keys.init(store, password);
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(keys.getKeyManagers(), new TrustManager[] {new PeerTrust(pki, relying, roles, check, refused, clock)},
                null);
        return resumableBriefly(tls);
    }

    /**
     * A TLS context for a client that shows no certificate (a terminal fetching the hotlist, a city's script) and
     * trusts a server as {@link #context} does: good for {@code relying} through the bridge, of {@code role}, passing
     * {@code check}.
     */
    public static SSLContext trusting(Path pki, RelyingParty relying, Role role, PeerCheck check,
            Consumer<String> refused, Clock clock) throws GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, new TrustManager[] {new PeerTrust(pki, relying, Set.of(role), check, refused, clock)}, null);
        return resumableBriefly(tls);
    }

    private static SSLContext resumableBriefly(SSLContext tls) {
        tls.getClientSessionContext().setSessionTimeout(RESUMABLE_SECONDS);
        tls.getServerSessionContext().setSessionTimeout(RESUMABLE_SECONDS);
        return tls;
    }

    /**
     * A peer the bridge certified itself: one of the centre's services. A city's CA can issue a service certificate
     * too, and can write any name into it, so the issuer is what tells the centre's hosts from a city's.
     */
    public static PeerCheck ofTheCentre(Path pki) throws IOException {
        X509Certificate bridge = RegionalPki.read(pki.resolve("bridge.crt"));
        return peer -> peer.getIssuerX500Principal().equals(bridge.getSubjectX500Principal()) ? Optional.empty()
                : Optional.of("not the centre's: issued by " + peer.getIssuerX500Principal().getName()
                        + ", not by the bridge");
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

    /** The role a certificate is of (its subject's {@code OU}), if one of the region's. */
    public static Optional<Role> role(X509Certificate cert) {
        return subject(cert, "OU").flatMap(Role::issued);
    }

    /**
     * An attribute of a certificate's subject: {@code CN} a kiosk's terminal number or a host's name, {@code L} its
     * city.
     */
    public static Optional<String> subject(X509Certificate cert, String attribute) {
        return RegionalPki.attribute(cert.getSubjectX500Principal(), attribute);
    }

    private static final class PeerTrust extends X509ExtendedTrustManager {
        private final Path dir;
        private final RelyingParty relying;
        private final Set<Role> roles;
        private final PeerCheck check;
        private final Consumer<String> refused;
        private final Clock clock;
        private RegionalPki pki;

        PeerTrust(Path dir, RelyingParty relying, Set<Role> roles, PeerCheck check, Consumer<String> refused,
                Clock clock) {
            this.dir = dir;
            this.relying = relying;
            this.roles = Set.copyOf(roles);
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
                // One role: the path's check names it; several: the path alone, then the role among them.
                v = relyingParty().verify(peer, relying, Optional.empty(), roles.size() == 1
                        ? Optional.of(roles.iterator().next()) : Optional.empty(), clock.instant());
            } catch (IOException | GeneralSecurityException e) {
                throw refuse("cannot check " + peer.getSubjectX500Principal().getName() + ": " + e.getMessage());
            }
            if (!v.good()) {
                throw refuse(peer.getSubjectX500Principal().getName() + ": " + v.why());
            }
            if (role(peer).filter(roles::contains).isEmpty()) {
                throw refuse(peer.getSubjectX500Principal().getName() + ": wrong role: the certificate is of a "
                        + subject(peer, "OU").orElse("holder of no role") + ", not of a " + String.join(" or ",
                                roles.stream().map(Role::label).sorted().toList()));
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
