package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.dayfile.DayFileHeader;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.pki.Profile;
import cn.yrd.onecard.pki.RegionalPki;
import cn.yrd.onecard.pki.RelyingParty;
import cn.yrd.onecard.pki.Role;
import cn.yrd.onecard.pki.TlsLinks;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.terminal.host.LoadHostServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * The region's PKI as the demo runs it (docs/pki.md): the bridge and the 16 cities' CAs, cross-certified, with their
 * CRLs, in a folder of the run's own; a sender certificate from its city's CA for each operator, hospital and pension
 * agent, issued the first time it sends a file. A sender's key stays with the sender (here in memory, as it would on
 * the sender's own machine); each day file is signed by its sender as it is sent, and clearing takes it in only so
 * ({@code clear --pki}). Each city's kiosk holds a kiosk certificate of its city and the issuers' load host a load
 * host's of Shanghai: top-ups go over mutual TLS (docs/pki.md, "Links"). One per command: a seed sweep's days share
 * it.
 */
final class Trust {
    private static final int SENDER_DAYS = 365;
    private static final int CRL_DAYS = 7;
    /** The centre's services that sign what they send: the cities' files, the bank's instructions. */
    private static final List<String> CENTRE_SERVICES = List.of("clearing", "settlement");
    /** The issuers' load host: one for the region in the demo, run by Shanghai. */
    private static final City LOAD_HOST_CITY = Cities.byCode("3100");
    private static final String LOAD_HOST = "loadhost";

    private final Path dir;
    private final char[] password;
    private final RegionalPki pki;
    private final SecureRandom random;
    private final Map<String, Sender> senders = new HashMap<>();
    /** The folder as the cities and the bank read it, to check what the centre signed. */
    private final RegionalPki relying;

    private record Sender(KeyPair keys, X509Certificate certificate) {
    }

    /** How long setting the region up took, in seconds. */
    private final double setUpSeconds;

    private Trust(Path dir, char[] password, RegionalPki pki, SecureRandom random, double setUpSeconds)
            throws java.io.IOException {
        this.dir = dir;
        this.password = password.clone();
        this.relying = RegionalPki.relyingOn(dir);
        this.pki = pki;
        this.random = random;
        this.setUpSeconds = setUpSeconds;
    }

    /**
     * A new region in {@code dir}, under the run's output folder, which {@link Services} empties before (the PKI
     * refuses to make a bridge where one is).
     */
    static Trust create(Path dir, char[] password) throws Exception {
        long started = System.nanoTime();
        SecureRandom random = new SecureRandom();
        RegionalPki pki = new RegionalPki(dir, password, random);
        pki.initBridge(Profile.ECDSA);
        for (City city : Cities.all()) {
            pki.initCity(city);
            pki.crossCertify(city);
            pki.crl(city.code(), CRL_DAYS);
        }
        for (String service : CENTRE_SERVICES) {
            pki.issueForCentre(service, SENDER_DAYS);
        }
        pki.crl(RegionalPki.BRIDGE, CRL_DAYS);
        pki.issue(LOAD_HOST_CITY, Role.LOAD_HOST, LOAD_HOST, SENDER_DAYS, List.of("127.0.0.1"));
        for (City city : Cities.all()) {
            pki.issue(city, Role.KIOSK, CityDesks.kioskNo(city), SENDER_DAYS);
        }
        return new Trust(dir, password, pki, random, (System.nanoTime() - started) / 1e9);
    }

    /** The day files in {@code folder}, by name: not their signatures beside them, nor the folders. */
    static List<Path> dayFiles(Path folder) throws java.io.IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isRegularFile).filter(f -> !RegionalPki.isSignature(f)).sorted().toList();
        }
    }

    /** Moves {@code file} and its signature to {@code to}: the file's new place. */
    static Path moveSigned(Path file, Path to) throws java.io.IOException {
        Files.move(RegionalPki.signatureOf(file), RegionalPki.signatureOf(to));
        return Files.move(file, to);
    }

    /** What the region is, for the export's line. */
    String describe(Path outDir) {
        return String.format("sender and kiosk certificates of the 16 city CAs, cross-certified by the bridge, in %s (set up in "
                + "%.1f s)", outDir.relativize(dir), setUpSeconds);
    }

    /** The keystore of the centre's {@code service} (its key and certificate from the bridge). */
    Path centreKey(String service) {
        return dir.resolve("issued/" + RelyingParty.CENTRE_NAME + "/" + service + ".p12");
    }

    /**
     * Why {@code file} is not good for {@code party} as sent by the centre's {@code service}, or empty: signed, unchanged,
     * by that service's certificate, through the bridge.
     */
    Optional<String> notSignedByCentre(Path file, RelyingParty party, String service) throws Exception {
        RegionalPki.Verdict v = relying.verifySigned(file, party, Optional.empty(), Optional.of(Role.SERVICE),
                Instant.now());
        if (!v.good()) {
            return Optional.of(file.getFileName() + ": " + v.why());
        }
        return v.holder().equals(Optional.of(service)) ? Optional.empty() : Optional.of(file.getFileName()
                + ": signed by " + v.path().get(0) + ", not by the centre's " + service);
    }

    /**
     * The load host's side of the kiosks' link: it shows its certificate and serves a kiosk of {@code kiosks} only,
     * telling each refusal to {@code refused}.
     */
    SSLContext loadHostLink(TerminalRegistry kiosks, Consumer<String> refused) throws Exception {
        return TlsLinks.context(dir, dir.resolve("issued/" + LOAD_HOST_CITY.code() + "/" + LOAD_HOST + ".p12"),
                password, RelyingParty.of(LOAD_HOST_CITY), Role.KIOSK, LoadHostServer.registeredKiosk(kiosks), refused,
                Clock.systemUTC());
    }

    /** The kiosk {@code terminalNo}'s side of its link: its certificate shown, a load host's trusted only. */
    SSLContext kioskLink(City city, String terminalNo) throws Exception {
        return TlsLinks.context(dir, dir.resolve("issued/" + city.code() + "/" + terminalNo + ".p12"), password,
                RelyingParty.of(city), Role.LOAD_HOST, peer -> Optional.empty(), why -> { },
                Clock.systemUTC());
    }

    /**
     * A kiosk of {@code city} taken out of service, {@code name}: its certificate issued, then revoked by the city with
     * the CRL published (the machine was stolen with its key), and its side of a link, which the host must refuse.
     */
    synchronized SSLContext retiredKiosk(City city, String name) throws Exception {
        X509Certificate cert = pki.issue(city, Role.KIOSK, name, SENDER_DAYS);
        pki.revoke(city.code(), cert.getSerialNumber());
        pki.crl(city.code(), CRL_DAYS);
        return kioskLink(city, name);
    }

    /** The folder clearing is given ({@code --pki}). */
    Path dir() {
        return dir;
    }

    /** Signs each day file of {@code files} as the sender its header names. */
    void signBySenders(List<Path> files) throws Exception {
        for (Path file : files) {
            DayFileHeader header = DayFileReader.readHeader(file);
            signAs(file, header.senderCity(), header.senderId());
        }
    }

    /** Signs {@code file} with the key of {@code sender} of {@code city}, whatever the file says. */
    synchronized void signAs(Path file, City city, String sender) throws Exception {
        Sender s = senders.get(city.code() + "/" + sender);
        if (s == null) {
            KeyPair keys = pki.profile().keyPair(random);
            s = new Sender(keys, pki.certify(city, Role.SENDER, sender, keys.getPublic(), SENDER_DAYS));
            senders.put(city.code() + "/" + sender, s);
        }
        pki.sign(file, s.keys().getPrivate(), s.certificate());
    }
}
