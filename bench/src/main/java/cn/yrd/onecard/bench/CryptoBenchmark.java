package cn.yrd.onecard.bench;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.cli.HelpOption;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.CardCrypto;
import cn.yrd.onecard.crypto.CardKeyDiversifier;
import cn.yrd.onecard.crypto.Purchase;
import cn.yrd.onecard.crypto.TacVerifier;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./onecard bench crypto}: TAC verifications per second on one thread, each for a different card so
 * the card's key diversification is paid every time, as clearing pays it. Warm-up, then timed rounds;
 * the median round is the figure.
 */
@Command(name = "bench crypto", description = "TAC verifications per second on one thread.")
public final class CryptoBenchmark implements Callable<Integer> {
    @Mixin
    HelpOption help;
    @Option(paramLabel = "N", names = "--cards", defaultValue = "100000",
            description = "distinct cards (default: ${DEFAULT-VALUE})")
    long cardsOption;
    @Option(paramLabel = "N", names = "--rounds", defaultValue = "9", description = "(default: ${DEFAULT-VALUE})")
    long roundsOption;
    @Option(paramLabel = "N", names = "--round-ms", defaultValue = "1000", description = "(default: ${DEFAULT-VALUE})")
    long roundMs;
    @Option(paramLabel = "N", names = "--seed", defaultValue = "1", description = "(default: ${DEFAULT-VALUE})")
    long seed;
    private record Sample(City city, CardSerial serial, Purchase purchase, byte[] tac) {
    }

    private CryptoBenchmark() {
    }

    public static void main(String[] args) {
        Cli.exit(() -> Cli.execute(new CryptoBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        int cards = (int) Cli.range("bench crypto", "cards", cardsOption, 1_000, 10_000_000);
        int rounds = (int) Cli.range("bench crypto", "rounds", roundsOption, 1, 100);
        double seconds = Cli.range("bench crypto", "round-ms", roundMs, 100, 60_000) / 1000.0;
        System.out.printf("TAC verification, 1 thread, %,d distinct cards (per-card diversification included)%n",
                cards);
        boolean allVerified = true;
        for (CardAlgorithm alg : CardAlgorithm.values()) {
            allVerified &= run(alg, cards, rounds, seconds, seed);
        }
        return allVerified ? Cli.OK : Cli.FAILED;
    }

    private static boolean run(CardAlgorithm alg, int cards, int rounds, double roundSeconds, long seed) {
        Random random = new Random(seed);
        Map<City, byte[]> masters = new HashMap<>();
        for (City c : Cities.all()) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            masters.put(c, key);
        }
        Sample[] samples = samples(alg, cards, masters, random);
        TacVerifier verifier = new TacVerifier(masters::get);

        long failures = verify(verifier, alg, samples, System.nanoTime() + 2_000_000_000L)[1];
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            long[] done = verify(verifier, alg, samples, start + (long) (roundSeconds * 1e9));
            rates[r] = done[0] / ((System.nanoTime() - start) / 1e9);
            failures += done[1];
        }
        Arrays.sort(rates);
        double median = rates[rounds / 2];
        System.out.printf("  %-10s %,12.0f verifications/s (median of %d rounds; min %,.0f, max %,.0f) = %.2f µs each; "
                + "target >= 1,000,000%s%n", alg, median, rounds, rates[0], rates[rounds - 1], 1e6 / median,
                failures == 0 ? "" : "; " + failures + " FAILED TO VERIFY");
        return failures == 0;
    }

    /** Verifies cards in turn until {@code deadline}; returns {count, failures}. */
    private static long[] verify(TacVerifier verifier, CardAlgorithm alg, Sample[] samples, long deadline) {
        long count = 0;
        long failures = 0;
        int i = 0;
        do {
            // Check the clock every 1,024 verifications: nanoTime costs as much as a DES block.
            for (int k = 0; k < 1024; k++) {
                Sample s = samples[i];
                if (!verifier.verifyPurchase(s.city, alg, s.serial, s.purchase, s.tac)) {
                    failures++;
                }
                i = i + 1 == samples.length ? 0 : i + 1;
            }
            count += 1024;
        } while (System.nanoTime() < deadline);
        return new long[] {count, failures};
    }

    /** Cards of every city with genuine TACs, computed the way the card computes them. */
    private static Sample[] samples(CardAlgorithm alg, int cards, Map<City, byte[]> masters, Random random) {
        CardCrypto card = new CardCrypto(alg);
        Map<City, CardKeyDiversifier> issuers = new HashMap<>();
        Sample[] out = new Sample[cards];
        LocalDateTime day = LocalDateTime.of(2026, 11, 23, 6, 0);
        for (int i = 0; i < cards; i++) {
            City city = Cities.all().get(random.nextInt(16));
            CardSerial serial = CardSerial.of(city.code() + String.format("%012d", random.nextInt(1_000_000_000)));
            Purchase p = new Purchase(100 + random.nextInt(900), 0x09, String.format("%012X", random.nextInt(1 << 24)),
                    random.nextInt(1_000_000), day.plusSeconds(random.nextInt(18 * 3600)));
            byte[] dtk = issuers.computeIfAbsent(city, c -> new CardKeyDiversifier(alg, masters.get(c))).cardKey(serial);
            out[i] = new Sample(city, serial, p, card.purchaseTac(dtk, p));
        }
        return out;
    }
}
