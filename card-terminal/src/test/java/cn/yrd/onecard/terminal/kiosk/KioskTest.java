package cn.yrd.onecard.terminal.kiosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.RecordedCardFiles;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.card.TripRecord;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.TacVerifier;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.TestGate;
import cn.yrd.onecard.sim.card.TestIssuer;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.terminal.host.LoadAuthorisation;
import cn.yrd.onecard.terminal.host.LoadHost;
import cn.yrd.onecard.terminal.host.LoadHostClient;
import cn.yrd.onecard.terminal.host.LoadHostServer;
import cn.yrd.onecard.terminal.host.LoadRequest;
import cn.yrd.onecard.terminal.journal.Journal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import javax.smartcardio.CardChannel;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Ningbo kiosk topping up cards of other cities through their issuers' host over HTTP. */
class KioskTest {
    static final String KIOSK_NO = "000000000077";
    /** The centre's registry as the load host has it: this kiosk of Ningbo's. */
    static final TerminalRegistry KIOSKS = TerminalRegistry.of(List.of(new TerminalRegistry.Terminal(KIOSK_NO,
            Cities.byCode("3302"), "0000000000003302", "KIOSK77")));

    @TempDir
    Path dir;

    final TestIssuer issuer = new TestIssuer();
    final SimReaders readers = new SimReaders();
    final SimReader reader = readers.plug("Kiosk-1");
    final AtomicInteger apdus = new AtomicInteger();
    LoadHost host;
    LoadHostServer server;
    Journal journal;
    Kiosk kiosk;

    @BeforeEach
    void start() throws Exception {
        host = new LoadHost(c -> issuer.master(KeyPurpose.LOAD, c), KIOSKS, LoadHost.DAILY_LIMIT, dir.resolve("host"));
        server = new LoadHostServer(host, "127.0.0.1", 0);
        journal = Journal.open(dir.resolve("kiosk"));
        kiosk = new Kiosk(KIOSK_NO, Cities.byCode("3302"), "0000000000003302", "00000000000000B7",
                journal, new LoadHostClient(URI.create("http://127.0.0.1:" + server.port())),
                Clock.fixed(LocalDateTime.of(2026, 11, 23, 12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        host.close();
        journal.close();
    }

    @Test
    void showsBalanceAndTheLastTransactionsAndTrips() throws Exception {
        CardOs card = issuer.card("3205", "0000000000000021", 2000);
        TestGate gate = new TestGate(issuer.psam("0000AB12CD34"), "0000AB12CD34");
        gate.purchase(card, 300, false);
        gate.purchase(card, 200, false);
        Kiosk.CardView view = kiosk.inspect(channel(card), apdus);
        assertThat(view.balance()).isEqualTo(1500);
        assertThat(view.transactions()).extracting(t -> t.amount()).containsExactly(200L, 300L);
        assertThat(view.trips()).isEmpty();
        assertThat(view.info().cardSerial()).isEqualTo(CardSerial.of("0000000000000021"));
    }

    /**
     * A card that rode elsewhere in the country holds trips those cities' gates wrote, as a real card recorded them:
     * the Ministry of Transport's city codes (Shanghai 2900), a type our gates never write (09). The kiosk shows them
     * all; before, the first such trip failed the card's whole view.
     */
    @Test
    void showsTripsOtherCitiesGatesWroteAsTheCardHoldsThem() throws Exception {
        CardOs card = issuer.card("3205", "0000000000000027", 2000);
        TestGate elsewhere = new TestGate(issuer.psam("0000AB12CD34"), "0000AB12CD34");
        elsewhere.purchase(card, 400, true, RecordedCardFiles.trip("Shanghai metro line 18, Hangtou Road: exit"));
        elsewhere.purchase(card, 400, true, RecordedCardFiles.trip("Haikou bus 29 (type 09)"));
        Kiosk.CardView view = kiosk.inspect(channel(card), apdus);
        assertThat(view.balance()).isEqualTo(1200);
        assertThat(view.trips()).extracting(t -> t.kind().map(Enum::name).orElse("type " + t.type()),
                TripRecord::acquirerCityCode, t -> t.city().isPresent(), TripRecord::amount).containsExactly(
                        tuple("type 9", "8420", false, 400L), tuple("METRO_EXIT", "2900", false, 400L));
    }

    @Test
    void aTopUpIsAuthorisedByTheIssuerOverHttpAndItsTacVerifiesAtClearing() throws Exception {
        CardOs card = issuer.card("3301", "0000000000000022", 1000);
        Kiosk.TopUp t = kiosk.topUp(channel(card), 5000, apdus);
        assertThat(t.done()).isTrue();
        assertThat(t.balance()).isEqualTo(6000);
        assertThat(SimCards.balance(card)).isEqualTo(6000);
        TransitRecord r = t.record();
        assertThat(r.type()).isEqualTo(TransactionType.LOAD);
        assertThat(r.acquirer()).isEqualTo(Cities.byCode("3302"));
        TacVerifier clearing = new TacVerifier(c -> issuer.master(KeyPurpose.TAC, c));
        assertThat(clearing.verifyLoad(r.issuer(), r.algorithm(), r.cardSerial(), r.balanceAfter(), r.atc(), r.load(),
                Hex.decodeHex(r.tac()))).isTrue();
        assertThat(journal.completed()).containsExactly(r);
        assertThat(host.authorisations()).isEqualTo(1);
    }

    @Test
    void theHostAnswersARepeatedRequestTheSameWayAndRefusesAReusedId() throws Exception {
        LoadRequest r = new LoadRequest("K1-1", CardSerial.of("0000000000000023"), Cities.byCode("3100"),
                cn.yrd.onecard.crypto.CardAlgorithm.TRIPLE_DES, 0, "11223344", 0, 1000, KIOSK_NO,
                LocalDateTime.of(2026, 11, 23, 12, 0), "00000000");
        LoadAuthorisation first = host.authorise(r);
        assertThat(first.approved()).isFalse();
        assertThat(first.reason()).isEqualTo("the card's MAC1 is wrong");
        assertThat(host.authorise(r)).isEqualTo(first);
        LoadRequest other = new LoadRequest("K1-1", r.card(), r.issuer(), r.algorithm(), 0, "11223344", 0, 2000,
                KIOSK_NO, r.time(), "00000000");
        assertThat(host.authorise(other).reason()).isEqualTo("request id K1-1 was already used for a different load");
        assertThat(host.authorisations()).isEqualTo(1);

        host.close();
        host = new LoadHost(c -> issuer.master(KeyPurpose.LOAD, c), KIOSKS, LoadHost.DAILY_LIMIT, dir.resolve("host"));
        assertThat(host.authorise(r)).as("remembered across a restart").isEqualTo(first);
    }

    /**
     * A load for a terminal number no registry lists (a card's MAC1 over it, from any reader, POSTed with curl) is
     * refused: before, the card went from 8.17 to 508.17 yuan in no kiosk's day file. So is a load past the kiosk's
     * daily limit, counted across a restart of the host.
     */
    @Test
    void onlyARegisteredKioskLoadsAndEachUpToItsDailyLimit() throws Exception {
        Kiosk stranger = new Kiosk("DEADBEEF0001", Cities.byCode("3302"), "0000000000003302", "00000000000000B8",
                journal, new LoadHostClient(URI.create("http://127.0.0.1:" + server.port())),
                Clock.fixed(LocalDateTime.of(2026, 11, 23, 12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
        CardOs card = issuer.card("3205", "0000000000000026", 817);
        Kiosk.TopUp refused = stranger.topUp(channel(card), 50_000, apdus);
        assertThat(refused.done()).isFalse();
        assertThat(refused.reason()).isEqualTo("the issuer refused: terminal DEADBEEF0001 is not a registered kiosk");
        assertThat(SimCards.balance(card)).isEqualTo(817);

        restartHost(6_000);
        assertThat(kiosk.topUp(channel(card), 5_000, apdus).done()).isTrue();
        restartHost(6_000);
        Kiosk.TopUp overLimit = kiosk.topUp(channel(card), 2_000, apdus);
        assertThat(overLimit.reason()).isEqualTo("the issuer refused: kiosk 000000000077 has loaded 50.00 yuan on "
                + "2026-11-23, its daily limit is 60.00");
        assertThat(SimCards.balance(card)).isEqualTo(5_817);
    }

    /**
     * The host answers a top-up, but the kept-alive connection dies before the answer reaches the kiosk, as when the
     * host closes it idle just as the kiosk sends on it (a demo's second day once failed so: "header parser received
     * no bytes"). The kiosk asks again on a new connection, the host answers the same request the same way, and the
     * card is loaded once.
     */
    @Test
    void anAnswerLostWithItsConnectionIsAskedForAgainAndTheCardLoadedOnce() throws Exception {
        try (AnswerCutter cutter = new AnswerCutter(server.port())) {
            Kiosk viaCutter = new Kiosk(KIOSK_NO, Cities.byCode("3302"), "0000000000003302", "00000000000000B7",
                    journal, new LoadHostClient(URI.create("http://127.0.0.1:" + cutter.port())),
                    Clock.fixed(LocalDateTime.of(2026, 11, 23, 12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
            CardOs first = issuer.card("3301", "0000000000000031", 1000);
            CardOs second = issuer.card("3301", "0000000000000032", 1000);
            assertThat(viaCutter.topUp(channel(first), 5000, apdus).done()).isTrue();

            Kiosk.TopUp t = viaCutter.topUp(channel(second), 2000, apdus);
            assertThat(cutter.cut()).as("the second answer was cut on the reused connection").isEqualTo(1);
            assertThat(t.reason()).isNull();
            assertThat(t.done()).isTrue();
            assertThat(SimCards.balance(second)).isEqualTo(3000);
            assertThat(host.authorisations()).isEqualTo(2);
            assertThat(journal.completed()).hasSize(2);
        }
    }

    /**
     * Between the kiosk and the host: relays every connection, except that on the first one it lets the host's
     * second answer go nowhere and closes the connection instead.
     */
    static final class AnswerCutter implements AutoCloseable {
        private final ServerSocket listening = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final AtomicInteger cut = new AtomicInteger();

        AnswerCutter(int hostPort) throws IOException {
            daemon(() -> {
                try {
                    for (int n = 0; ; n++) {
                        Socket kiosk = listening.accept();
                        Socket host = new Socket(InetAddress.getLoopbackAddress(), hostPort);
                        sockets.add(kiosk);
                        sockets.add(host);
                        relay(kiosk, host, n == 0);
                    }
                } catch (IOException closed) {
                    // the cutter closed
                }
            });
        }

        private void relay(Socket kiosk, Socket host, boolean cutTheSecondAnswer) {
            AtomicBoolean answered = new AtomicBoolean();
            AtomicBoolean askedAgain = new AtomicBoolean();
            pump(kiosk, host, bytes -> {
                if (answered.get()) {
                    askedAgain.set(true);
                }
                return true;
            });
            pump(host, kiosk, bytes -> {
                if (cutTheSecondAnswer && askedAgain.get()) {
                    cut.incrementAndGet();
                    return false;
                }
                answered.set(true);
                return true;
            });
        }

        /** Copies {@code from} to {@code to} while {@code pass} lets each read through; closes both when it stops. */
        private static void pump(Socket from, Socket to, IntPredicate pass) {
            daemon(() -> {
                byte[] buffer = new byte[8192];
                try (from; to) {
                    for (int n; (n = from.getInputStream().read(buffer)) > 0 && pass.test(n); ) {
                        to.getOutputStream().write(buffer, 0, n);
                        to.getOutputStream().flush();
                    }
                } catch (IOException closed) {
                    // one side went away: so does the other
                }
            });
        }

        private static void daemon(Runnable r) {
            Thread t = new Thread(r, "answer-cutter");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listening.getLocalPort();
        }

        int cut() {
            return cut.get();
        }

        @Override
        public void close() throws IOException {
            listening.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** The host started again on its log with another daily limit, and the kiosk pointed at it. */
    private void restartHost(long dailyLimit) throws Exception {
        server.close();
        host.close();
        host = new LoadHost(c -> issuer.master(KeyPurpose.LOAD, c), KIOSKS, dailyLimit, dir.resolve("host"));
        server = new LoadHostServer(host, "127.0.0.1", 0);
        kiosk = new Kiosk(KIOSK_NO, Cities.byCode("3302"), "0000000000003302", "00000000000000B7", journal,
                new LoadHostClient(URI.create("http://127.0.0.1:" + server.port())),
                Clock.fixed(LocalDateTime.of(2026, 11, 23, 12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
    }

    @Test
    void aTopUpAboveTheLimitIsRefusedAndNothingChanges() throws Exception {
        CardOs card = issuer.card("3205", "0000000000000024", 99_000);
        Kiosk.TopUp t = kiosk.topUp(channel(card), 5000, apdus);
        assertThat(t.done()).isFalse();
        assertThat(t.reason()).isEqualTo("the issuer refused: the card would hold more than 1000 yuan");
        assertThat(SimCards.balance(card)).isEqualTo(99_000);
        assertThat(journal.completed()).isEmpty();
        assertThat(journal.pending()).isEmpty();
    }

    /**
     * An amount outside what a card can hold is refused at the kiosk before the card or the host sees it: cast to the
     * card's 4-byte field, 4,294,967,396 fen was a 1-yuan load.
     */
    @Test
    void aTopUpAmountOutOfRangeIsRefusedBeforeTheCardSeesIt() throws Exception {
        CardOs card = issuer.card("3205", "0000000000000025", 1_000);
        int before = apdus.get();
        for (long amount : new long[] {0, -100, 4_294_967_396L}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> kiosk.topUp(channel(card), amount, apdus))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a top-up is 0.01 to 1000 yuan, not " + amount + " fen");
        }
        assertThat(apdus.get()).as("no command reached the card").isEqualTo(before);
        assertThat(SimCards.balance(card)).isEqualTo(1_000);
        assertThat(journal.pending()).isEmpty();
    }

    @Test
    void aLoadWhoseAnswerWasLostIsRecordedOnceFromTheCardsLogAtTheNextVisit() throws Exception {
        CardOs card = issuer.card("3205", "0000000000000025", 1000);
        // SELECT EP, INITIALIZE FOR LOAD, CREDIT: the card credits itself, the answer is lost.
        card.plan(cn.yrd.onecard.sim.card.Tearing.beforeAnswer(3));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kiosk.topUp(channel(card), 2000, apdus))
                .isInstanceOf(cn.yrd.onecard.terminal.reader.CardRemovedException.class);
        assertThat(SimCards.balance(card)).isEqualTo(3000);
        assertThat(journal.pending()).hasSize(1);

        Kiosk.TopUp next = kiosk.topUp(channel(card), 1000, apdus);
        assertThat(next.done()).isTrue();
        assertThat(SimCards.balance(card)).isEqualTo(4000);
        assertThat(journal.pending()).isEmpty();
        assertThat(journal.completed()).extracting(TransitRecord::amount).containsExactly(2000L, 1000L);
        assertThat(journal.completed().get(0).tac()).as("unproven: clearing suspends it for release")
                .isEqualTo(Kiosk.NO_TAC);
    }

    @Test
    void aLoadThatNeverReachedTheCardIsAbandoned() throws Exception {
        CardOs card = issuer.card("3205", "0000000000000026", 1000);
        card.plan(cn.yrd.onecard.sim.card.Tearing.afterWrite(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kiosk.topUp(channel(card), 2000, apdus))
                .isInstanceOf(cn.yrd.onecard.terminal.reader.CardRemovedException.class);
        assertThat(SimCards.balance(card)).isEqualTo(1000);
        kiosk.inspect(channel(card), apdus);
        Kiosk.TopUp next = kiosk.topUp(channel(card), 500, apdus);
        assertThat(next.done()).isTrue();
        assertThat(journal.completed()).extracting(TransitRecord::amount).containsExactly(500L);
        assertThat(SimCards.balance(card)).isEqualTo(1500);
    }

    /**
     * The issuing city's check after the night: every load its host approved came back in a kiosk's day file (in
     * clearing's detail files of that night or a later one), or is reported missing, masked, with exit 3; a top-up the
     * card never took is one of those, and the kiosk's journal says it abandoned it.
     */
    @Test
    void everyApprovedLoadComesBackInADayFileOrIsReportedMissing() throws Exception {
        CardOs suzhou = issuer.card("3205", "0000000000000031", 1000);
        CardOs shanghai = issuer.card("3100", "0000000000000032", 1000);
        CardOs torn = issuer.card("3205", "0000000000000033", 1000);
        assertThat(kiosk.topUp(channel(suzhou), 2000, apdus).done()).isTrue();
        assertThat(kiosk.topUp(channel(shanghai), 3000, apdus).done()).isTrue();
        torn.plan(cn.yrd.onecard.sim.card.Tearing.afterWrite(1)); // approved, then CREDIT never took
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kiosk.topUp(channel(torn), 500, apdus))
                .isInstanceOf(cn.yrd.onecard.terminal.reader.CardRemovedException.class);
        kiosk.inspect(channel(torn), apdus);
        assertThat(kiosk.topUp(channel(torn), 500, apdus).done()).isTrue(); // the same load again, taken
        List<TransitRecord> loads = journal.completed();
        Path outbox = dir.resolve("outbox");
        // The night clears Suzhou's two loads; the Shanghai card's is in a kiosk file that comes a night late.
        detail(outbox, "2026-11-23", "3205", loads.get(0), loads.get(2));
        detail(outbox, "2026-11-23", "3100");

        Check first = hostCheck("--data", dir.resolve("host").toString(), "--date", "2026-11-23", "--outbox",
                outbox.toString());

        assertThat(first.exit()).as(first.out()).isEqualTo(cn.yrd.onecard.cli.Cli.ATTENTION);
        assertThat(first.out()).contains("4 load(s) approved on 2026-11-23, 60.00 yuan")
                .contains("2 approved load(s), 35.00 yuan, in no kiosk's day file");
        // The torn card's load was approved twice and taken once: the cleared record cannot say which request it
        // was, the kiosk's journal can (it abandoned the first).
        String abandoned = Kiosk.requestId(journal.abandoned().get(0));
        String taken = KIOSK_NO + "-" + loads.get(2).ttc();
        assertThat(first.out().lines().filter(l -> l.startsWith("MISSING"))).hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("1 of requests " + abandoned + ", " + taken + " (the same load")
                        .contains("5.00 yuan"))
                .anySatisfy(l -> assertThat(l).contains("request " + KIOSK_NO + "-").contains(" of 3100, 30.00 yuan "
                        + "at kiosk " + KIOSK_NO));
        assertThat(first.out()).as("cards masked").doesNotContain("0000000000000032");

        // The next night clears the late file under its own date: found. The abandoned one stays missing.
        detail(outbox, "2026-11-24", "3205");
        detail(outbox, "2026-11-24", "3100", loads.get(1));
        Check second = hostCheck("--data", dir.resolve("host").toString(), "--date", "2026-11-23", "--outbox",
                outbox.toString());
        assertThat(second.out()).contains("the 2 nights 2026-11-23 to 2026-11-24")
                .contains("1 approved load(s), 5.00 yuan, in no kiosk's day file");

        // A detail file altered after clearing wrote it is refused whole, and the night not yet cleared is named.
        Path altered = outbox.resolve("2026-11-24/3100-detail.txt");
        java.nio.file.Files.writeString(altered, java.nio.file.Files.readString(altered).replace("|3000|", "|3001|"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hostCheck("--data", dir.resolve("host").toString(),
                "--date", "2026-11-23", "--outbox", outbox.toString())).hasMessageContaining("3100-detail.txt")
                .hasMessageContaining("trailer hash does not match");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hostCheck("--data", dir.resolve("host").toString(),
                "--date", "2026-11-25", "--outbox", outbox.toString()))
                .hasMessageContaining("clearing's files of 2026-11-25 are not in");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hostCheck("--date", "23/11/2026", "--outbox", "x"))
                .isInstanceOf(cn.yrd.onecard.cli.UsageException.class)
                .hasMessageContaining("--date must be YYYY-MM-DD");
    }

    private record Check(int exit, String out) {
    }

    private static Check hostCheck(String... args) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "host-check";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = new cn.yrd.onecard.terminal.cli.TerminalCommand(new java.io.PrintStream(bytes, true,
                java.nio.charset.StandardCharsets.UTF_8), java.io.InputStream.nullInputStream()).run(all, null);
        return new Check(exit, bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Clearing's detail file of {@code city} for {@code night}, as it writes it, with {@code loads} accepted. */
    private static void detail(Path outbox, String night, String city, TransitRecord... loads) throws Exception {
        StringBuilder body = new StringBuilder();
        int line = 2;
        for (TransitRecord r : loads) {
            body.append(String.join("|", "D", "KIOSK77-20261123-1.txt", Integer.toString(line++), "TRANSIT",
                    r.cardSerial().digits(), r.acquirer().code(), r.issuer().code(), "02", Integer.toString(r.atc()),
                    Long.toString(r.amount()), "0", Long.toString(r.balanceAfter()), "20261123120000", "A", ""))
                    .append('\n');
        }
        String sha = Hex.encodeHexString(java.security.MessageDigest.getInstance("SHA-256").digest(body.toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Path file = java.nio.file.Files.createDirectories(outbox.resolve(night)).resolve(city + "-detail.txt");
        java.nio.file.Files.writeString(file, "H|CLEARING_DETAIL|1|" + city + "|" + night.replace("-", "") + "\n"
                + body + "T|" + loads.length + "|" + sha + "\n");
    }

    private CardChannel channel(CardOs card) throws Exception {
        reader.field().present(card);
        return readers.terminalFactory().terminals().getTerminal("Kiosk-1 PICC").connect("*").getBasicChannel();
    }
}
