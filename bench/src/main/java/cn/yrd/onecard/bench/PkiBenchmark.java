package cn.yrd.onecard.bench;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.HelpOption;
import cn.yrd.onecard.pki.Profile;
import cn.yrd.onecard.pki.RegionalPki;
import cn.yrd.onecard.pki.RelyingParty;
import cn.yrd.onecard.pki.Role;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./onecard bench pki}: the region's PKI at full size. The bridge and the 16 city CAs, cross-certified; then a
 * certificate for each of {@code --terminals} terminals (each terminal's own key, generated first and timed apart:
 * on a terminal it is made where it stays); {@code --revoked} of them revoked, and the 17 CRLs with their sizes.
 * Last, one good and one revoked terminal checked from another city, through the bridge.
 */
@Command(name = "bench pki", description = "Certificates and CRLs for the 16 cities and their terminals.")
public final class PkiBenchmark implements Callable<Integer> {
    @Mixin
    HelpOption help;
    @Option(paramLabel = "N", names = "--terminals", defaultValue = "100000",
            description = "terminals to certify (default: ${DEFAULT-VALUE})")
    long terminalsOption;
    @Option(paramLabel = "N", names = "--revoked", defaultValue = "1000",
            description = "of them revoked (default: ${DEFAULT-VALUE})")
    long revokedOption;
    @Option(paramLabel = "ecdsa|sm2", names = "--profile", defaultValue = "ecdsa",
            description = "the region's algorithms (default: ${DEFAULT-VALUE})")
    String profileOption;

    private PkiBenchmark() {
    }

    public static void main(String[] args) {
        Cli.exit(() -> Cli.execute(new PkiBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        int terminals = (int) Cli.range("bench pki", "terminals", terminalsOption, 16, 1_000_000);
        int revoked = (int) Cli.range("bench pki", "revoked", revokedOption, 0, terminals);
        Profile profile = Profile.named(profileOption).orElseThrow(() -> new cn.yrd.onecard.cli.UsageException(
                "bench pki: --profile must be ecdsa or sm2, got '" + profileOption + "'"));
        try (WorkFolder dir = WorkFolder.create("onecard-bench-pki")) {
            return run(dir.path(), terminals, revoked, profile);
        }
    }

    private static int run(Path dir, int terminals, int revoked, Profile profile) throws Exception {
        SecureRandom random = new SecureRandom();
        RegionalPki pki = new RegionalPki(dir.resolve("pki"), "bench-only".toCharArray(), random);
        List<City> cities = Cities.all();

        long t0 = System.nanoTime();
        pki.initBridge(profile);
        for (City city : cities) {
            pki.initCity(city);
            pki.crossCertify(city);
        }
        double authorities = seconds(t0);
        System.out.printf("the bridge and 16 city CAs (%s), cross-certified: %.1f s%n", profile.label(), authorities);

        t0 = System.nanoTime();
        List<PublicKey> keys = new ArrayList<>(terminals);
        for (int i = 0; i < terminals; i++) {
            keys.add(profile.keyPair(random).getPublic());
        }
        System.out.printf("%,d terminal key pairs (on the terminals, not the CA): %.1f s%n", terminals, seconds(t0));

        t0 = System.nanoTime();
        Map<String, List<BigInteger>> toRevoke = new HashMap<>();
        X509Certificate good = null;
        X509Certificate bad = null;
        for (int i = 0; i < terminals; i++) {
            City city = cities.get(i % cities.size());
            X509Certificate cert = pki.certify(city, Role.TERMINAL, String.format("%012X", i), keys.get(i), 365);
            if (i < revoked) {
                toRevoke.computeIfAbsent(city.code(), c -> new ArrayList<>()).add(cert.getSerialNumber());
                bad = bad == null ? cert : bad;
            } else if (good == null) {
                good = cert;
            }
        }
        double issued = seconds(t0);
        System.out.printf("%,d terminal certificates issued by their cities' CAs: %.1f s (%,.0f a second)%n",
                terminals, issued, terminals / issued);

        t0 = System.nanoTime();
        for (Map.Entry<String, List<BigInteger>> e : toRevoke.entrySet()) {
            pki.revoke(e.getKey(), e.getValue());
        }
        long crlBytes = 0;
        long largest = 0;
        for (String issuer : Stream.concat(Stream.of(RegionalPki.BRIDGE), cities.stream().map(City::code)).toList()) {
            X509CRL crl = pki.crl(issuer, 7);
            crlBytes += crl.getEncoded().length;
            largest = Math.max(largest, crl.getEncoded().length);
        }
        System.out.printf("%,d revoked, 17 CRLs: %.1f s; %,d bytes in all, the largest %,d bytes%n", revoked,
                seconds(t0), crlBytes, largest);

        boolean right = true;
        if (good != null) {
            t0 = System.nanoTime();
            City away = cities.get(1);
            RegionalPki.Verdict v = pki.verify(good, RelyingParty.of(away), Optional.empty(), Optional.of(Role.TERMINAL), Instant.now());
            System.out.printf("a terminal of %s checked in %s through the bridge: %s (%.0f ms)%n", cities.get(0), away,
                    v.good() ? "good" : "REFUSED " + v.why(), seconds(t0) * 1000);
            right &= v.good();
        }
        if (bad != null) {
            RegionalPki.Verdict v = pki.verify(bad, RelyingParty.of(cities.get(1)), Optional.empty(), Optional.empty(), Instant.now());
            System.out.println("a revoked terminal: " + (v.good() ? "GOOD (wrong)" : v.why()));
            right &= !v.good();
        }
        return right ? Cli.OK : Cli.FAILED;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
