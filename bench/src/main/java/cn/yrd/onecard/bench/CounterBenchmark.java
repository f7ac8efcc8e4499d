package cn.yrd.onecard.bench;

import cn.yrd.onecard.record.MedicalCare;
import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.card.HolderInfo;
import cn.yrd.onecard.card.InsuredPerson;
import cn.yrd.onecard.card.SocialSecurityCard;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.HelpOption;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.CardSpec;
import cn.yrd.onecard.sim.card.PurseKeys;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.sim.vpcd.PcscDaemon;
import cn.yrd.onecard.sim.vpcd.VpcdSlot;
import cn.yrd.onecard.terminal.counter.Counter;
import cn.yrd.onecard.terminal.counter.CounterLog;
import cn.yrd.onecard.terminal.medical.InsuredRegister;
import cn.yrd.onecard.terminal.medical.MedicalHost;
import cn.yrd.onecard.terminal.medical.MedicalHostClient;
import cn.yrd.onecard.terminal.medical.MedicalHostServer;
import cn.yrd.onecard.terminal.medical.MedicalPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./onecard bench counter --claims N}: a medical claim at a hospital counter of Ningbo for a retiree insured in
 * Shanghai, the whole of it: the citizen card read and its PIN checked, the home city's medical host asked over HTTP
 * on loopback for the split, the claim written to the counter's synced log. In the JVM's simulated reader, then
 * through the real PC/SC daemon; the median and p99 of each (issue 19: median at most 50 ms through PC/SC).
 */
@Command(name = "bench counter", description = "Medical claims at a counter, PIN and the home host's online answer "
        + "included: median and p99, in-JVM and through pcscd.")
public final class CounterBenchmark implements Callable<Integer> {
    @Mixin
    HelpOption help;
    @Option(paramLabel = "N", names = "--claims", defaultValue = "300", description = "(default: ${DEFAULT-VALUE})")
    long claimsOption;
    private static final City HOME = Cities.byCode("3100");
    private static final City COUNTER = Cities.byCode("3302");
    private static final String CARD_NUMBER = "A12345678";
    private static final String PIN = "123456";

    private CounterBenchmark() {
    }

    public static void main(String[] args) {
        Cli.exit(() -> Cli.execute(new CounterBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        int claims = (int) Cli.range("bench counter", "claims", claimsOption, 10, 100_000);
        try (WorkFolder work = WorkFolder.create("bench-counter")) {
            Path dir = work.path();
            Path register = dir.resolve("insured.txt");
            InsuredRegister.write(register, HOME, List.of(new InsuredRegister.Insured(CARD_NUMBER,
                    InsuredRegister.Status.ACTIVE, COUNTER, 0)));
            Map<MedicalCare, Integer> ratios = new HashMap<>();
            for (MedicalCare.Level level : MedicalCare.Level.values()) {
                for (MedicalCare.Kind kind : MedicalCare.Kind.values()) {
                    ratios.put(new MedicalCare(level, kind), 8_000);
                }
            }
            MedicalPolicy policy = new MedicalPolicy(HOME, LocalDate.now().getYear(), 50_000, 0xFFFFFFFFL, ratios);
            System.out.printf("medical claims of a Shanghai retiree at a Ningbo counter, the home host on loopback "
                    + "(HTTP); %,d claims each%n", claims);
            // The home city's authorisation key: a fresh random one, this run's only.
            byte[] key = new byte[16];
            new java.security.SecureRandom().nextBytes(key);
            try (MedicalHost host = new MedicalHost(InsuredRegister.read(register), policy,
                    cn.yrd.onecard.crypto.HomeAuthorisation.medical(city -> key.clone()), dir.resolve("host"),
                    Clock.systemDefaultZone());
                    MedicalHostServer server = new MedicalHostServer(host, "127.0.0.1", 0, null)) {
                Map<City, MedicalHostClient> homes = Map.of(HOME, new MedicalHostClient(
                        URI.create("http://127.0.0.1:" + server.port()), null));
                SimReaders readers = new SimReaders();
                SimReader r = readers.plug("Bench");
                CardOs card = card();
                r.field().present(card);
                CardTerminals jvm = readers.terminalFactory().terminals();
                run("in-JVM provider", jvm.getTerminal("Bench PICC"), homes, claims, dir.resolve("jvm"));
                r.field().remove();
                if (PcscDaemon.running()) {
                    try (VpcdSlot field = VpcdSlot.reader(0)) {
                        field.present(card);
                        CardTerminal reader = TerminalFactory.getDefault().terminals()
                                .getTerminal(VpcdSlot.readerName(0));
                        reader.waitForCardPresent(10_000);
                        run("PC/SC (pcscd + vpcd)", reader, homes, claims, dir.resolve("pcsc"));
                        field.remove();
                    }
                } else {
                    System.out.println("  PC/SC: not measured: " + PcscDaemon.MISSING);
                }
            }
        }
        return Cli.OK;
    }

    private static void run(String what, CardTerminal reader, Map<City, MedicalHostClient> homes, int claims,
            Path logDir) throws Exception {
        MedicalCare care = new MedicalCare(MedicalCare.Level.TWO, MedicalCare.Kind.OUTPATIENT);
        AtomicInteger apdus = new AtomicInteger();
        try (CounterLog log = CounterLog.open(logDir)) {
            Counter counter = new Counter("NBH001", COUNTER, log, Clock.systemDefaultZone());
            long[] micros = new long[claims];
            for (int i = -50; i < claims; i++) {
                long start = System.nanoTime();
                var c = counter.claimOnline(reader.connect("*").getBasicChannel(), PIN, 12_000 + i + 50, care, homes, apdus);
                long took = (System.nanoTime() - start) / 1_000;
                if (!c.done()) {
                    throw new IllegalStateException("claim refused: " + c.refused());
                }
                if (i >= 0) {
                    micros[i] = took;
                }
            }
            Arrays.sort(micros);
            double median = micros[claims / 2] / 1000.0;
            double p99 = micros[(int) Math.ceil(claims * 0.99) - 1] / 1000.0;
            System.out.printf("  %-22s claim median %.3f ms, p99 %.3f ms (limit: median 50 ms, %s)%n", what, median,
                    p99, median <= 50 ? "met" : "NOT met");
        }
    }

    private static CardOs card() {
        CardSerial serial = CardSerial.of("0000000000000031");
        byte[] k = new byte[16];
        new Random(3).nextBytes(k);
        CardSpec.Citizen citizen = new CardSpec.Citizen(new SocialSecurityCard(HOME.code() + "00D156000005"
                + "0123456789ABCDEF", LocalDate.of(2024, 1, 1), LocalDate.of(2034, 1, 1), CARD_NUMBER),
                new InsuredPerson("310101195001011234", "王芳", '2', 1, LocalDate.of(1950, 1, 1)), PIN);
        return SimCards.issue(new CardSpec(HOME, CardType.NORMAL, HOME.code() + serial.digits(), LocalDate.of(2024, 1,
                1), LocalDate.of(2034, 12, 31), new HolderInfo(CardType.NORMAL, false, "王芳", "310101195001011234", 0),
                5000, PurseKeys.diversified(CardAlgorithm.TRIPLE_DES, 1, serial, k, k, k, k), citizen), new Random(4));
    }
}
