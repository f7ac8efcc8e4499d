package cn.yrd.onecard.bench;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.HolderInfo;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.HelpOption;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.pki.Profile;
import cn.yrd.onecard.pki.RegionalPki;
import cn.yrd.onecard.pki.RelyingParty;
import cn.yrd.onecard.pki.Role;
import cn.yrd.onecard.pki.TlsLinks;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.CardSpec;
import cn.yrd.onecard.sim.card.PurseKeys;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.terminal.host.LoadHost;
import cn.yrd.onecard.terminal.host.LoadHostClient;
import cn.yrd.onecard.terminal.host.LoadHostServer;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.kiosk.Kiosk;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./onecard bench link --topups N}: a kiosk's top-ups through its issuer's load host on loopback, the whole
 * top-up (the card's APDUs in the JVM, the host's authorisation, the journal), over plain HTTP and over mutual TLS with
 * the region's certificates (docs/pki.md, "Links"): on one kept connection, and on a new connection each top-up with
 * the TLS session resumed (what a kiosk that connects per top-up pays). Prints the median and p99 of each.
 */
@Command(name = "bench link", description = "Kiosk top-ups over plain HTTP and over mutual TLS: median and p99.")
public final class LinkBenchmark implements Callable<Integer> {
    @Mixin
    HelpOption help;
    @Option(paramLabel = "N", names = "--topups", defaultValue = "1000", description = "(default: ${DEFAULT-VALUE})")
    long topupsOption;
    private static final City KIOSK_CITY = Cities.byCode("3302");
    private static final City ISSUER = Cities.byCode("3205");
    private static final String KIOSK_NO = "000000000077";
    /** The benchmark's own throwaway keystores' password: random, never a known one. */
    private static final char[] PASSWORD = Long.toHexString(new SecureRandom().nextLong()).toCharArray();

    private LinkBenchmark() {
    }

    public static void main(String[] args) {
        Cli.exit(() -> Cli.execute(new LinkBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        int topups = (int) Cli.range("bench link", "topups", topupsOption, 10, 1_000_000);
        try (WorkFolder work = WorkFolder.create("bench-link")) {
            run(work.path(), topups);
        }
        return Cli.OK;
    }

    private static void run(Path work, int topups) throws Exception {
        Path pkiDir = work.resolve("pki");
        RegionalPki pki = new RegionalPki(pkiDir, PASSWORD, new SecureRandom());
        pki.initBridge(Profile.ECDSA);
        for (City city : List.of(KIOSK_CITY, ISSUER)) {
            pki.initCity(city);
            pki.crossCertify(city);
            pki.crl(city.code(), 7);
        }
        pki.crl(RegionalPki.BRIDGE, 7);
        pki.issue(ISSUER, Role.LOAD_HOST, "loadhost-3205", 30);
        pki.issue(KIOSK_CITY, Role.KIOSK, KIOSK_NO, 30);
        TerminalRegistry kiosks = TerminalRegistry.of(List.of(new TerminalRegistry.Terminal(KIOSK_NO, KIOSK_CITY,
                "0000000000003302", "KIOSK77")));
        Random random = new Random(1);
        byte[][] masters = new byte[4][16];
        for (byte[] m : masters) {
            random.nextBytes(m);
        }
        SSLContext hostTls = TlsLinks.context(pkiDir, pkiDir.resolve("issued/3205/loadhost-3205.p12"), PASSWORD,
                RelyingParty.of(ISSUER), Role.KIOSK, LoadHostServer.registeredKiosk(kiosks), why -> { },
                Clock.systemUTC());
        SSLContext kioskTls = TlsLinks.context(pkiDir, pkiDir.resolve("issued/3302/" + KIOSK_NO + ".p12"), PASSWORD,
                RelyingParty.of(KIOSK_CITY), Role.LOAD_HOST, h -> Optional.empty(), why -> { }, Clock.systemUTC());
        System.out.printf("kiosk top-ups of a card of %s at a kiosk of %s, on loopback; %,d each way%n", ISSUER,
                KIOSK_CITY, topups);
        try (LoadHost host = new LoadHost(c -> masters[1], kiosks, Long.MAX_VALUE / 4, work.resolve("host"));
                LoadHostServer plain = new LoadHostServer(host, "127.0.0.1", 0);
                LoadHostServer tls = new LoadHostServer(host, "127.0.0.1", 0, hostTls);
                Journal journal = Journal.open(work.resolve("kiosk"))) {
            SimReaders readers = new SimReaders();
            SimReader reader = readers.plug("Kiosk");
            URI plainUri = URI.create("http://127.0.0.1:" + plain.port());
            URI tlsUri = URI.create("https://127.0.0.1:" + tls.port());
            LoadHostClient keptPlain = new LoadHostClient(plainUri);
            LoadHostClient keptTls = new LoadHostClient(tlsUri, kioskTls);
            run("plain HTTP, one connection", () -> keptPlain, topups, reader, readers, journal, masters);
            run("mutual TLS, one connection", () -> keptTls, topups, reader, readers, journal, masters);
            // A new client a top-up: a new connection and handshake, the session resumed from the context's cache.
            run("mutual TLS, a connection a top-up", () -> new LoadHostClient(tlsUri, kioskTls), topups, reader,
                    readers, journal, masters);
        }
    }

    private static void run(String what, Supplier<LoadHostClient> client, int topups, SimReader reader,
            SimReaders readers, Journal journal, byte[][] masters) throws Exception {
        long[] nanos = new long[topups];
        int warmUp = Math.min(200, topups);
        for (int i = -warmUp; i < topups; i++) {
            // A fresh card now and then: a purse holds at most 1,000 yuan.
            CardOs card = card(masters, Math.floorMod(i, 1_000_000));
            reader.field().present(card);
            var channel = readers.terminalFactory().terminals().getTerminal("Kiosk PICC").connect("*")
                    .getBasicChannel();
            Kiosk kiosk = new Kiosk(KIOSK_NO, KIOSK_CITY, "0000000000003302", "00000000000000B7", journal,
                    client.get(), Clock.systemDefaultZone());
            long start = System.nanoTime();
            Kiosk.TopUp t = kiosk.topUp(channel, 100, new AtomicInteger());
            long took = System.nanoTime() - start;
            if (!t.done()) {
                throw new IllegalStateException("top-up refused: " + t.reason());
            }
            if (i >= 0) {
                nanos[i] = took;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%-36s median %6.2f ms, p99 %6.2f ms (target p99 <= 50 ms over mutual TLS)%n", what,
                nanos[topups / 2] / 1e6, nanos[(int) Math.ceil(topups * 0.99) - 1] / 1e6);
    }

    private static CardOs card(byte[][] masters, int n) {
        CardSerial serial = CardSerial.of(String.format("%016d", n));
        PurseKeys keys = PurseKeys.diversified(CardAlgorithm.TRIPLE_DES, 1, serial, masters[0], masters[1],
                masters[2], masters[3]);
        CardOs card = SimCards.issue(new CardSpec(ISSUER, CardType.NORMAL, ISSUER.code() + serial.digits(),
                LocalDate.of(2024, 1, 1), LocalDate.of(2034, 12, 31), new HolderInfo(CardType.NORMAL, false, "王芳",
                "310101195001011234", 0), 1000, keys, null), new Random(n));
        card.powerOn();
        return card;
    }
}
