package cn.yrd.onecard.pki;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.registry.TerminalRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CRL;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The region's public-key infrastructure in one folder: each city's certificate authority, the centre's bridge CA
 * that cross-certifies them (so a certificate of any city is verified everywhere through the bridge), the
 * certificates the authorities issue, their revocations and CRLs (docs/pki.md). Keys are in PKCS#12 keystores under
 * one password; validation is the JDK's PKIX.
 *
 * <pre>
 * bridge.p12, bridge.crt           the bridge CA
 * cities/CODE.p12, cities/CODE.crt a city's CA
 * cross/bridge-by-CODE.crt          the city's certificate of the bridge's key
 * cross/CODE-by-bridge.crt          the bridge's certificate of the city CA's key
 * issued/CODE/NAME.p12, NAME.crt    a holder's key and certificate chain, and its certificate
 * index/ISSUER.txt                  every certificate an authority issued: serial|subject|not after|V or R|revoked
 * crl/ISSUER.crl                    its latest CRL
 * </pre>
 */
public final class RegionalPki {
    /** The issuer name of the bridge in the folder's files. */
    public static final String BRIDGE = "bridge";
    private static final String ORGANISATION = "YRD One-Card";
    private static final int AUTHORITY_YEARS = 10;
    /**
     * Who checks the signatures on a path, in both profiles: Bouncy Castle's P-256 verifies about four times as fast as
     * the JDK 17's SunEC (measured: 32 ms a signed day file's check with SunEC's), and it is the only one that knows SM2.
     */
    private static final java.security.Provider SIGNATURES = Profile.bouncyCastle();
    /** How far back a certificate's validity starts: a relying party whose clock is a little behind accepts it. */
    private static final long BACKDATED_MINUTES = 5;

    private final Path dir;
    private final char[] password;
    private final SecureRandom random;
    private Profile profile;
    /** The authorities opened so far: each keystore is opened (its slow key derivation paid) once. */
    private final java.util.Map<String, Authority> opened = new java.util.HashMap<>();

    /**
     * The folder as a relying party reads it: certificates, cross certificates and CRLs, no keystore (so no password);
     * {@link #verify} and {@link #verifySigned} only. It reads them at its first check and keeps them: a relying
     * party refreshes its CRLs by taking a new one (clearing does each night).
     */
    public static RegionalPki relyingOn(Path dir) throws IOException {
        RegionalPki relying = new RegionalPki(dir, new char[0], null);
        relying.read = new java.util.concurrent.ConcurrentHashMap<>();
        relying.readState = relying.trustFiles();
        return relying;
    }

    /** The region's folder. */
    public Path dir() {
        return dir;
    }

    /**
     * Whether the folder's trust files (the CAs', the cross certificates, the CRLs) are as this relying party found
     * them: when one changes (a CRL published), a relying party starts afresh.
     */
    public boolean current() throws IOException {
        return readState != null && readState.equals(trustFiles());
    }

    private String trustFiles() throws IOException {
        StringBuilder state = new StringBuilder();
        for (String folder : List.of(".", "cities", "cross", "crl")) {
            Path f = dir.resolve(folder);
            if (Files.isDirectory(f)) {
                try (Stream<Path> files = Files.list(f)) {
                    // Not a file another process is writing (writeAtomically's temporary, renamed or gone in a moment:
                    // a sweep's lane once failed a handshake on one that vanished between the listing and its size).
                    for (Path p : files.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().endsWith(".tmp")).sorted().toList()) {
                        try {
                            state.append(p.getFileName()).append(':').append(Files.size(p)).append(':')
                                    .append(Files.getLastModifiedTime(p).toMillis()).append('\n');
                        } catch (java.nio.file.NoSuchFileException replaced) {
                            state.append(p.getFileName()).append(":gone\n"); // read again next time
                        }
                    }
                }
            }
        }
        return state.toString();
    }

    /** What a relying party has read of the folder, by file or folder; null for the authorities' own use. */
    private java.util.Map<Path, Object> read;
    /** A relying party's good verdicts, by certificate and what was asked of it. */
    private final java.util.Map<List<Object>, Checked> checked = new java.util.concurrent.ConcurrentHashMap<>();
    /** The folder's trust files as a relying party found them: names, sizes and times. */
    private String readState;

    public RegionalPki(Path dir, char[] password, SecureRandom random) {
        this.dir = dir;
        this.password = password.clone();
        this.random = random;
    }

    /** Creates the bridge CA, choosing the region's {@link Profile}; refuses if the folder has one. */
    public X509Certificate initBridge(Profile chosen) throws IOException, GeneralSecurityException {
        refuseIfExists(dir.resolve("bridge.p12"), "the bridge CA");
        writeAtomically(dir.resolve("profile"), chosen.label() + "\n");
        profile = chosen;
        Authority bridge = Authority.create(profile, bridgeName(), AUTHORITY_YEARS, random);
        bridge.save(dir.resolve("bridge.p12"), password);
        writePem(dir.resolve("bridge.crt"), bridge.certificate());
        return bridge.certificate();
    }

    /** Creates a city's CA; refuses if the folder has one for the city. */
    public X509Certificate initCity(City city) throws IOException, GeneralSecurityException {
        refuseIfExists(cityKeystore(city), "the CA of " + city);
        Authority ca = Authority.create(profile(), cityName(city), AUTHORITY_YEARS, random);
        ca.save(cityKeystore(city), password);
        writePem(dir.resolve("cities/" + city.code() + ".crt"), ca.certificate());
        return ca.certificate();
    }

    /** The bridge certifies the city CA's key and the city certifies the bridge's: a path runs both ways. */
    public List<X509Certificate> crossCertify(City city) throws IOException, GeneralSecurityException {
        Authority bridge = authority(BRIDGE);
        Authority ca = authority(city.code());
        Instant now = Instant.now().minus(BACKDATED_MINUTES, ChronoUnit.MINUTES);
        Instant until = now.plus(AUTHORITY_YEARS * 366L, ChronoUnit.DAYS);
        X509Certificate cityByBridge = bridge.certify(cityName(city), ca.certificate().getPublicKey(), Role.AUTHORITY,
                now, until, random);
        X509Certificate bridgeByCity = ca.certify(bridgeName(), bridge.certificate().getPublicKey(), Role.AUTHORITY,
                now, until, random);
        record(BRIDGE, cityByBridge);
        record(city.code(), bridgeByCity);
        writePem(dir.resolve("cross/" + city.code() + "-by-bridge.crt"), cityByBridge);
        writePem(dir.resolve("cross/bridge-by-" + city.code() + ".crt"), bridgeByCity);
        return List.of(cityByBridge, bridgeByCity);
    }

    /**
     * A new key for {@code name} of {@code role} in {@code city} and its certificate from the city's CA, valid from now
     * for {@code days}: {@code issued/CODE/NAME.p12} (the key and its chain) and {@code NAME.crt}.
     */
    public X509Certificate issue(City city, Role role, String name, int days) throws IOException,
            GeneralSecurityException {
        return issue(Optional.of(city), role, name, days, List.of());
    }

    /** The same for a server (a load host) that answers on {@code hosts}: DNS names or IP addresses. */
    public X509Certificate issue(City city, Role role, String name, int days, List<String> hosts) throws IOException,
            GeneralSecurityException {
        return issue(Optional.of(city), role, name, days, hosts);
    }

    /**
     * A new key for one of the centre's own services (clearing, settlement) and its certificate from the bridge, with
     * no city in its name, answering on {@code hosts} (DNS names or IP addresses; none for a service that only signs):
     * {@code issued/centre/NAME.p12} and {@code NAME.crt}. A city reaches it through the bridge's certificate by the
     * city.
     */
    public X509Certificate issueForCentre(String name, int days, String... hosts) throws IOException,
            GeneralSecurityException {
        return issue(Optional.empty(), Role.SERVICE, name, days, List.of(hosts));
    }

    private X509Certificate issue(Optional<City> city, Role role, String name, int days, List<String> hosts)
            throws IOException, GeneralSecurityException {
        checkHosts(role, hosts);
        Path keystore = dir.resolve("issued/" + home(city) + "/" + name + ".p12");
        refuseIfExists(keystore, role.label() + " " + name + " of " + city.map(City::toString).orElse("the centre"));
        KeyPair pair = profile().keyPair(random);
        X509Certificate cert = certify(city, role, name, pair.getPublic(), days, hosts);
        Authority.store(profile(), keystore, password, pair.getPrivate(), List.of(cert,
                authority(issuerOf(city)).certificate()));
        return cert;
    }

    /** Host names go to servers only, each a DNS name or an IP address. */
    private static void checkHosts(Role role, List<String> hosts) {
        if (!hosts.isEmpty() && !role.serverSide()) {
            throw new IllegalArgumentException("a " + role.label() + " serves nothing: host names are for a service or "
                    + "a load host");
        }
        for (String host : hosts) {
            if (!host.matches("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")
                    && !host.matches("[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
                throw new IllegalArgumentException("a host is a DNS name or an IP address, got '" + host + "'");
            }
        }
    }

    /**
     * The certificate of a key its holder generated and keeps (a terminal's, whose private key never leaves it), from
     * the city's CA, valid from now for {@code days}: {@code issued/CODE/NAME.crt}.
     */
    public X509Certificate certify(City city, Role role, String name, PublicKey key, int days) throws IOException,
            GeneralSecurityException {
        return certify(Optional.of(city), role, name, key, days, List.of());
    }

    private X509Certificate certify(Optional<City> city, Role role, String name, PublicKey key, int days,
            List<String> hosts) throws IOException, GeneralSecurityException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("name must be 1 to 64 letters, digits, '.', '_' or '-', got '" + name
                    + "'");
        }
        Path file = dir.resolve("issued/" + home(city) + "/" + name + ".crt");
        refuseIfExists(file, role.label() + " " + name + " of " + city.map(City::toString).orElse("the centre"));
        Instant now = Instant.now().minus(BACKDATED_MINUTES, ChronoUnit.MINUTES);
        X509Certificate cert = authority(issuerOf(city)).certify(holderName(city, role, name), key, role, hosts, now,
                now.plus(days, ChronoUnit.DAYS), random);
        record(issuerOf(city), cert);
        writePem(file, cert);
        return cert;
    }

    /**
     * The certificates of {@code city}'s registered terminals that have none yet, each named by its terminal number
     * (its PSAM's, as the registry lists it) and of {@code role}: from the public key the terminal made and sent as
     * {@code keys/NUMBER.pub} (PEM) when {@code keys} is given, else from a key made here and kept with the
     * certificate in {@code issued/CODE/NUMBER.p12}, to be installed on the terminal. A terminal already certified is
     * passed over, so a run cut short is finished by running it again. Returns how many were issued.
     */
    public int issueRegistered(City city, Role role, List<TerminalRegistry.Terminal> terminals, Optional<Path> keys,
            int days) throws IOException, GeneralSecurityException {
        if (role != Role.TERMINAL && role != Role.KIOSK) {
            throw new IllegalArgumentException("the registry lists terminals and kiosks, not a " + role.label());
        }
        // Every key read and checked before the first certificate: bad input issues nothing.
        Map<TerminalRegistry.Terminal, Optional<PublicKey>> toCertify = new java.util.LinkedHashMap<>();
        for (TerminalRegistry.Terminal t : terminals) {
            if (!t.city().equals(city)) {
                throw new IllegalArgumentException("terminal " + t.terminalNo() + " is registered to " + t.city()
                        + ", not to " + city);
            }
            if (Files.exists(dir.resolve("issued/" + city.code() + "/" + t.terminalNo() + ".crt"))) {
                continue;
            }
            Optional<Path> key = keys.map(k -> k.resolve(t.terminalNo() + ".pub"));
            if (key.isPresent() && !Files.isRegularFile(key.get())) {
                throw new IllegalArgumentException("no public key of terminal " + t.terminalNo() + ": " + key.get()
                        + " is missing");
            }
            toCertify.put(t, key.isPresent() ? Optional.of(publicKey(key.get())) : Optional.empty());
        }
        for (Map.Entry<TerminalRegistry.Terminal, Optional<PublicKey>> e : toCertify.entrySet()) {
            String number = e.getKey().terminalNo();
            if (e.getValue().isPresent()) {
                certify(city, role, number, e.getValue().get(), days);
            } else {
                issue(city, role, number, days);
            }
        }
        return toCertify.size();
    }

    /** A public key in PEM ({@code -----BEGIN PUBLIC KEY-----}), of the region's profile. */
    private PublicKey publicKey(Path pem) throws IOException {
        String notAKey = pem + " is not a public key in PEM (-----BEGIN PUBLIC KEY-----)";
        Object read;
        try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(
                Files.newBufferedReader(pem, StandardCharsets.US_ASCII))) {
            read = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(notAKey);
        }
        if (!(read instanceof org.bouncycastle.asn1.x509.SubjectPublicKeyInfo info)) {
            throw new IllegalArgumentException(notAKey);
        }
        org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter converter =
                new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter();
        profile().provider().ifPresent(converter::setProvider);
        try {
            return converter.getPublicKey(info);
        } catch (IOException e) {
            throw new IllegalArgumentException(pem + " is not a key of the region's profile (" + profile().label()
                    + ")");
        }
    }

    /** The folder under {@code issued/} of a holder of {@code city}, or of the centre. */
    private static String home(Optional<City> city) {
        return city.map(City::code).orElse(RelyingParty.CENTRE_NAME);
    }

    /** Who issues to a holder of {@code city}: its CA; to the centre's services: the bridge. */
    private static String issuerOf(Optional<City> city) {
        return city.map(City::code).orElse(BRIDGE);
    }

    /** The key and certificate of {@code holder} (a keystore {@link #issue} wrote), opened once to sign many files. */
    public Signer signer(Path holder) throws IOException, GeneralSecurityException {
        SignedFiles.Holder h = SignedFiles.open(profile(), holder, password);
        return file -> SignedFiles.sign(profile(), file, h.key(), h.certificate());
    }

    /** Signs files as one holder: {@code FILE.p7s} beside each. */
    public interface Signer {
        Path sign(Path file) throws IOException, GeneralSecurityException;
    }

    /** Records the revocation of {@code serial} by {@code issuer} (a city code or {@link #BRIDGE}); its next CRL lists it. */
    public String revoke(String issuer, BigInteger serial) throws IOException {
        return revoke(issuer, List.of(serial)).get(0);
    }

    /** Records the revocations of {@code serials} by {@code issuer} in one pass over its index: their subjects. */
    public List<String> revoke(String issuer, List<BigInteger> serials) throws IOException {
        Set<BigInteger> asked = new java.util.HashSet<>(serials);
        java.util.Map<BigInteger, String> subjects = new java.util.HashMap<>();
        StringBuilder out = new StringBuilder();
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        for (Issued issued : issued(issuer)) {
            if (asked.contains(issued.serial())) {
                if (issued.revoked()) {
                    throw new IllegalArgumentException("certificate " + issued.serial().toString(16) + " of " + issuer
                            + " was revoked on " + issued.revokedAt());
                }
                subjects.put(issued.serial(), issued.subject());
                issued = issued.revoke(now);
            }
            out.append(issued.line()).append('\n');
        }
        for (BigInteger serial : serials) {
            if (!subjects.containsKey(serial)) {
                throw new IllegalArgumentException(issuer + " issued no certificate with serial " + serial.toString(16));
            }
        }
        writeAtomically(index(issuer), out.toString());
        return serials.stream().map(subjects::get).toList();
    }

    /** The issuer's CRL of every certificate it revoked, valid for {@code days}: {@code crl/ISSUER.crl}. */
    public X509CRL crl(String issuer, int days) throws IOException, GeneralSecurityException {
        Authority ca = authority(issuer);
        List<Authority.Revocation> revoked = issued(issuer).stream().filter(Issued::revoked)
                .map(i -> new Authority.Revocation(i.serial(), i.revokedAt())).toList();
        Instant now = Instant.now();
        X509CRL crl = ca.crl(revoked, now.toEpochMilli(), now, now.plus(days, ChronoUnit.DAYS));
        writeAtomically(dir.resolve("crl/" + issuer + ".crl"), crl.getEncoded());
        return crl;
    }

    /**
     * Whether {@code cert} is good at {@code at} for {@code relying} (a city's own CA is its only trust anchor, other
     * cities' certificates are reached through the bridge; the centre's anchor is the bridge), issued to a holder of
     * {@code expectedCity} in {@code expectedRole} when they are given. The path runs through the folder's cross
     * certificates; every certificate on it is checked against its issuer's CRL in {@code crl/}.
     */
    public Verdict verify(X509Certificate cert, RelyingParty relying, Optional<City> expectedCity,
            Optional<Role> expectedRole, Instant at) throws IOException, GeneralSecurityException {
        if (read == null) {
            return check(cert, relying, expectedCity, expectedRole, at).verdict();
        }
        // A relying party checks a certificate once while the folder it read stands: the verdict holds for as long as
        // every certificate of the path is valid and every CRL current.
        List<Object> key = List.of(cert, relying, expectedCity, expectedRole);
        Checked known = checked.get(key);
        if (known == null || at.isBefore(known.from()) || !at.isBefore(known.until())) {
            known = check(cert, relying, expectedCity, expectedRole, at);
            if (known.verdict().good()) {
                checked.put(key, known);
            }
        }
        return known.verdict();
    }

    /** A verdict, and (when good) the times between which it holds. */
    private record Checked(Verdict verdict, Instant from, Instant until) {
        static Checked refused(String why) {
            return new Checked(Verdict.refused(why), Instant.MIN, Instant.MIN);
        }
    }

    private Checked check(X509Certificate cert, RelyingParty relying, Optional<City> expectedCity,
            Optional<Role> expectedRole, Instant at) throws IOException, GeneralSecurityException {
        List<X509Certificate> authorities = authorityCertificates();
        if (cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && selfSigned(cert)) {
            return Checked.refused("self-signed certificate " + cert.getSubjectX500Principal().getName()
                    + ": issued by no city's CA");
        }
        if (authorities.stream().noneMatch(a -> a.getSubjectX500Principal().equals(cert.getIssuerX500Principal()))) {
            return Checked.refused("unknown CA " + cert.getIssuerX500Principal().getName()
                    + ": neither a city's CA nor the bridge");
        }
        try {
            cert.checkValidity(Date.from(at));
        } catch (CertificateExpiredException e) {
            return Checked.refused("expired on " + cert.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return Checked.refused("not valid before " + cert.getNotBefore().toInstant());
        }
        Optional<String> holderCity = attribute(cert.getSubjectX500Principal(), "L");
        if (expectedCity.isPresent() && !holderCity.equals(Optional.of(expectedCity.get().code()))) {
            return Checked.refused("wrong city: the certificate is of " + holderCity.map(RegionalPki::cityLabel)
                    .orElse("no city") + ", not of " + expectedCity.get());
        }
        Optional<String> holderRole = attribute(cert.getSubjectX500Principal(), "OU");
        if (expectedRole.isPresent() && !holderRole.equals(Optional.of(expectedRole.get().label()))) {
            return Checked.refused("wrong role: the certificate is of a " + holderRole.orElse("holder of no role")
                    + ", not of a " + expectedRole.get().label());
        }
        // The path is known: the holder; for a holder of another city than the relying one, its CA's certificate by
        // the bridge; for a relying city, the bridge's certificate by that city. PKIX validates it whole. Searching for
        // it (CertPathBuilder) would verify every signature twice, and a path through other cities' cross
        // certificates would prove nothing more.
        Optional<String> issuerCity = attribute(cert.getIssuerX500Principal(), "L"); // none: the bridge issued it
        Optional<String> relyingCity = relying.city().map(City::code);
        List<X509Certificate> chain = new ArrayList<>(List.of(cert));
        List<String> issuers = new ArrayList<>(List.of(issuerCity.orElse(BRIDGE)));
        if (!issuerCity.equals(relyingCity)) {
            List<Path> cross = new ArrayList<>();
            issuerCity.ifPresent(code -> cross.add(dir.resolve("cross/" + code + "-by-bridge.crt")));
            relyingCity.ifPresent(code -> cross.add(dir.resolve("cross/bridge-by-" + code + ".crt")));
            for (Path crossCertificate : cross) {
                Optional<X509Certificate> known = once(crossCertificate, () -> Files.isRegularFile(crossCertificate)
                        ? Optional.of(read(crossCertificate)) : Optional.empty());
                if (known.isEmpty()) {
                    return Checked.refused("no path from " + relying + " to " + cert.getIssuerX500Principal()
                            .getName() + " (is that CA cross-certified by the bridge" + relyingCity.map(code ->
                            ", and the bridge by " + code).orElse("") + "?)");
                }
                chain.add(known.get());
            }
            issuerCity.ifPresent(code -> issuers.add(BRIDGE));
            relyingCity.ifPresent(issuers::add);
        }
        // The CRLs of the path's issuers, each the latest its issuer published.
        List<Object> crls = new ArrayList<>();
        for (String issuer : issuers) {
            crl(issuer).ifPresent(crls::add);
        }
        CertStore certs = CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls));
        // The relying party's own anchor, as read above: a relying party needs no CA's private key.
        X500Principal anchorName = new X500Principal((relying.city().isPresent() ? cityName(relying.city().get())
                : bridgeName()).getEncoded());
        X509Certificate anchor = authorities.stream().filter(a -> a.getSubjectX500Principal().equals(anchorName)
                && a.getIssuerX500Principal().equals(anchorName)).findFirst().orElseThrow(() ->
                new IllegalArgumentException(relying.city().map(c -> "no CA of " + c + " in " + dir
                        + ": run pki init-city --city " + c.code()).orElse("no bridge CA in " + dir
                        + ": run pki init-bridge")));
        CertPath path = CertificateFactory.getInstance("X.509", Profile.bouncyCastle()).generateCertPath(chain);
        PKIXParameters check = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        check.addCertStore(certs);
        check.setDate(Date.from(at));
        CertPathValidator validator = profile().pathValidator();
        check.setSigProvider(SIGNATURES.getName());
        if (profile().provider().isEmpty()) {
            // Bouncy Castle's PKIX checks every certificate of the path against its issuer's CRL in the store; the
            // JDK's is told to, from the CRLs in the store alone.
            PKIXRevocationChecker crlsOnly = (PKIXRevocationChecker) validator.getRevocationChecker();
            crlsOnly.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                    PKIXRevocationChecker.Option.NO_FALLBACK));
            check.addCertPathChecker(crlsOnly);
        }
        try {
            validator.validate(path, check);
        } catch (CertPathValidatorException e) {
            X509Certificate which = e.getIndex() >= 0 ? (X509Certificate) path.getCertificates().get(e.getIndex())
                    : cert;
            String whose = which.getSubjectX500Principal().getName() + " (serial "
                    + which.getSerialNumber().toString(16) + ")";
            // Bouncy Castle says what its JDK counterpart puts in the reason in the message only.
            String message = String.valueOf(e.getMessage());
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED
                    || message.startsWith("Certificate revocation after")) {
                return Checked.refused("revoked: " + whose + ", by " + which.getIssuerX500Principal().getName());
            }
            if (e.getReason() == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS
                    || message.contains("CRL")) {
                return Checked.refused("no current CRL of " + which.getIssuerX500Principal().getName() + " for " + whose
                        + " (missing or past its next update: run pki crl)");
            }
            if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR
                    || e.getReason() == CertPathValidatorException.BasicReason.INVALID_SIGNATURE
                    || message.contains("signature") || message.startsWith("TrustAnchor found but")) {
                // A CA of the name on the path whose key is not the one the bridge (or the relying city) certified.
                return Checked.refused("no path from " + relying + " to " + whose + ": not signed by the key of "
                        + which.getIssuerX500Principal().getName() + " that the path certifies");
            }
            return Checked.refused(whose + ": " + e.getMessage());
        }
        List<String> names = new ArrayList<>();
        Instant from = Instant.MIN;
        Instant until = Instant.MAX;
        for (X509Certificate c : chain) {
            names.add(c.getSubjectX500Principal().getName());
            from = later(from, c.getNotBefore().toInstant());
            until = earlier(until, c.getNotAfter().toInstant());
        }
        for (Object crl : crls) {
            X509CRL x = (X509CRL) crl;
            from = later(from, x.getThisUpdate().toInstant());
            until = x.getNextUpdate() == null ? until : earlier(until, x.getNextUpdate().toInstant());
        }
        return new Checked(Verdict.good(names), from, until);
    }

    /** Signs {@code file} with the holder keystore {@code holder}: {@code FILE.p7s} beside it (docs/pki.md). */
    public Path sign(Path file, Path holder) throws IOException, GeneralSecurityException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a file");
        }
        return SignedFiles.sign(profile(), file, holder, password);
    }

    /**
     * Signs {@code file} with a key its holder keeps elsewhere (a terminal's, a sender's own machine), whose
     * certificate {@code own} is: {@code FILE.p7s} beside it.
     */
    public Path sign(Path file, java.security.PrivateKey key, X509Certificate own) throws IOException,
            GeneralSecurityException {
        return SignedFiles.sign(profile(), file, key, own);
    }

    /**
     * Whether {@code file} is signed, unchanged, by a holder whose certificate is good for {@code relying} at
     * {@code at} (and of {@code expectedCity} and {@code expectedRole} when given); the
     * verdict's path starts with the signer.
     */
    public Verdict verifySigned(Path file, RelyingParty relying, Optional<City> expectedCity, Optional<Role> expectedRole,
            Instant at) throws IOException, GeneralSecurityException {
        X509Certificate signer;
        try {
            signer = SignedFiles.signer(file);
        } catch (IllegalStateException e) {
            return Verdict.refused(e.getMessage());
        }
        Verdict v = verify(signer, relying, expectedCity, expectedRole, at);
        return v.good() ? v : Verdict.refused("signer " + signer.getSubjectX500Principal().getName() + ": " + v.why());
    }

    /** The signature {@link #sign} writes beside {@code file}: {@code FILE.p7s}. */
    public static Path signatureOf(Path file) {
        return SignedFiles.signatureOf(file);
    }

    /** Whether {@code file} is a signature (of the file its name continues), not a file of its own. */
    public static boolean isSignature(Path file) {
        return file.getFileName().toString().endsWith(SignedFiles.SUFFIX);
    }

    /** A certificate's check: good with its path (holder first), or refused with what is wrong. */
    public record Verdict(boolean good, String why, List<String> path) {
        static Verdict good(List<String> path) {
            return new Verdict(true, null, List.copyOf(path));
        }

        static Verdict refused(String why) {
            return new Verdict(false, why, List.of());
        }

        /** The holder's name (its certificate's CN) when good: a day file's signer must be the sender it names. */
        public Optional<String> holder() {
            return path.isEmpty() ? Optional.empty() : attribute(new X500Principal(path.get(0)), "CN");
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** A certificate from a PEM or DER file. */
    public static X509Certificate read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            // Bouncy Castle's parser reads both profiles (the JDK's knows no SM2 key).
            return (X509Certificate) CertificateFactory.getInstance("X.509", Profile.bouncyCastle())
                    .generateCertificate(in);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(file + " is not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    private Authority authority(String issuer) throws IOException {
        Authority known = opened.get(issuer);
        if (known != null) {
            return known;
        }
        Path keystore = issuer.equals(BRIDGE) ? dir.resolve("bridge.p12") : dir.resolve("cities/" + issuer + ".p12");
        if (!Files.isRegularFile(keystore)) {
            throw new IllegalArgumentException(issuer.equals(BRIDGE) ? "no bridge CA in " + dir + ": run pki init-bridge"
                    : "no CA of " + cityLabel(issuer) + " in " + dir + ": run pki init-city --city " + issuer);
        }
        Authority loaded = Authority.load(profile(), keystore, password);
        opened.put(issuer, loaded);
        return loaded;
    }

    /** The region's profile, as its bridge was made with. */
    public Profile profile() throws IOException {
        if (profile == null) {
            Path file = dir.resolve("profile");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no bridge CA in " + dir + ": run pki init-bridge");
            }
            String label = Files.readString(file).strip();
            profile = Profile.named(label).orElseThrow(() -> new IllegalArgumentException(file + " names no profile: '"
                    + label + "'"));
        }
        return profile;
    }

    /** {@code reading} of {@code file}, once for a relying party. */
    @SuppressWarnings("unchecked")
    private <T> T once(Path file, Reading<T> reading) throws IOException, GeneralSecurityException {
        if (read == null) {
            return reading.read();
        }
        Object known = read.get(file);
        if (known == null) {
            known = reading.read();
            read.put(file, known);
        }
        return (T) known;
    }

    private interface Reading<T> {
        T read() throws IOException, GeneralSecurityException;
    }

    private List<X509Certificate> authorityCertificates() throws IOException, GeneralSecurityException {
        return once(dir.resolve("cities"), this::readAuthorityCertificates);
    }

    private List<X509Certificate> readAuthorityCertificates() throws IOException {
        List<X509Certificate> all = new ArrayList<>();
        if (Files.exists(dir.resolve("bridge.crt"))) {
            all.add(read(dir.resolve("bridge.crt")));
        }
        all.addAll(readAll(dir.resolve("cities"), ".crt"));
        return all;
    }

    /** The latest CRL {@code issuer} published, if any. */
    private Optional<CRL> crl(String issuer) throws IOException, GeneralSecurityException {
        Path file = dir.resolve("crl/" + issuer + ".crl");
        return once(file, () -> {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(file)) {
                return Optional.of(CertificateFactory.getInstance("X.509", Profile.bouncyCastle()).generateCRL(in));
            }
        });
    }

    private static List<X509Certificate> readAll(Path folder, String suffix) throws IOException {
        List<X509Certificate> all = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(p -> p.toString().endsWith(suffix)).sorted().toList()) {
                    all.add(read(f));
                }
            }
        }
        return all;
    }

    private static boolean selfSigned(X509Certificate cert) {
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void record(String issuer, X509Certificate cert) throws IOException {
        Files.createDirectories(dir.resolve("index"));
        Files.writeString(index(issuer), Issued.of(cert).line() + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** What {@code issuer} issued, in its index's order. */
    private List<Issued> issued(String issuer) throws IOException {
        Path index = index(issuer);
        return Files.exists(index) ? Files.readAllLines(index).stream().map(Issued::parse).toList() : List.of();
    }

    private Path index(String issuer) {
        return dir.resolve("index/" + issuer + ".txt");
    }

    private Path cityKeystore(City city) {
        return dir.resolve("cities/" + city.code() + ".p12");
    }

    private static void refuseIfExists(Path file, String what) {
        if (Files.exists(file)) {
            throw new IllegalArgumentException(what + " exists already (" + file + ")");
        }
    }

    // Most significant first, as X.501 orders a name: printed (RFC 2253) it reads CN first.
    private static X500Name bridgeName() {
        return new X500Name("C=CN,O=" + ORGANISATION + ",CN=Bridge CA");
    }

    private static X500Name cityName(City city) {
        return new X500Name("C=CN,O=" + ORGANISATION + ",L=" + city.code() + ",CN=City CA " + city.code());
    }

    private static X500Name holderName(Optional<City> city, Role role, String name) {
        return new X500Name("C=CN,O=" + ORGANISATION + city.map(c -> ",L=" + c.code()).orElse("") + ",OU="
                + role.label() + ",CN=" + name);
    }

    private static String cityLabel(String code) {
        return Cities.find(code).map(City::toString).orElse(code);
    }

    static Optional<String> attribute(X500Principal name, String type) {
        try {
            for (Rdn rdn : new LdapName(name.getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    private static void writePem(Path file, X509Certificate cert) throws IOException {
        try {
            writeAtomically(file, ("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n").getBytes(
                    StandardCharsets.US_ASCII));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException("cannot encode " + cert.getSubjectX500Principal().getName(), e);
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a file whole or not at all: a crash leaves the old one (or none), never half a new one. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return "RegionalPki[" + dir + "]";
    }
}
