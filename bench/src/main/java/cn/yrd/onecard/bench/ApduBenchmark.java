package cn.yrd.onecard.bench;

import cn.yrd.onecard.iso.Select;
import cn.yrd.onecard.purse.GetBalance;
import cn.yrd.onecard.cli.HelpOption;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.CardSpec;
import cn.yrd.onecard.sim.card.PurseKeys;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.sim.vpcd.PcscDaemon;
import cn.yrd.onecard.sim.vpcd.VpcdSlot;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Random;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./onecard bench apdu}: the median and p99 of one APDU round trip (GET BALANCE) through the in-JVM
 * provider and through the real PC/SC stack (JDK PC/SC provider → pcscd → vpcd → simulated card).
 */
@Command(name = "bench apdu", description = "One APDU round trip, in-JVM and through pcscd: median and p99.")
public final class ApduBenchmark implements Callable<Integer> {
    @Mixin
    HelpOption help;
    @Option(paramLabel = "N", names = "--jvm-apdus", defaultValue = "50000",
            description = "(default: ${DEFAULT-VALUE})")
    long jvmApdus;
    @Option(paramLabel = "N", names = "--pcsc-apdus", defaultValue = "5000",
            description = "(default: ${DEFAULT-VALUE})")
    long pcscApdus;
    @Option(names = "--without-quickack", description = "the simulated card without TCP_QUICKACK (~44 ms an APDU)")
    boolean trap;
    private static final String PCSC_READER = VpcdSlot.readerName(0);
    private static final byte[] SELECT_EP = Select.TRANSIT_PURSE.build();
    private static final CommandAPDU GET_BALANCE = new CommandAPDU(GetBalance.build());

    private ApduBenchmark() {
    }

    public static void main(String[] args) {
        Cli.exit(() -> Cli.execute(new ApduBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        int inJvm = (int) Cli.range("bench apdu", "jvm-apdus", jvmApdus, 100, 10_000_000);
        int pcsc = (int) Cli.range("bench apdu", "pcsc-apdus", pcscApdus, 10, 1_000_000);
        System.out.println("APDU round trip (GET BALANCE): median / p99");

        SimReaders readers = new SimReaders();
        readers.plug("Bench").field().present(card());
        CardTerminal t = readers.terminalFactory().terminals().getTerminal("Bench PICC");
        print("in-JVM provider (OneCardSim)", measure(t, inJvm));

        if (!PcscDaemon.running()) {
            System.out.println("  PC/SC: not measured: " + PcscDaemon.MISSING);
            return Cli.FAILED;
        }
        print("PC/SC (pcscd + vpcd, TCP_QUICKACK)", overPcsc(true, pcsc));
        if (trap) {
            print("PC/SC without TCP_QUICKACK", overPcsc(false, 40));
        }
        return Cli.OK;
    }

    private static long[] overPcsc(boolean quickAck, int count) throws Exception {
        try (VpcdSlot slot = new VpcdSlot("127.0.0.1", VpcdSlot.FIRST_PORT, quickAck)) {
            slot.present(card());
            CardTerminal t = TerminalFactory.getDefault().terminals().getTerminal(PCSC_READER);
            if (t == null || !t.waitForCardPresent(10_000)) {
                throw new IllegalStateException("pcscd did not see the simulated card in " + PCSC_READER);
            }
            return measure(t, count);
        } finally {
            // pcscd polls card presence every 400 ms: let it see the field empty before anyone else taps.
            Thread.sleep(800);
        }
    }

    /** Nanoseconds of each of {@code count} GET BALANCE round trips, after a warm-up, sorted. */
    private static long[] measure(CardTerminal terminal, int count) throws Exception {
        javax.smartcardio.Card card = terminal.connect("*");
        try {
            CardChannel ch = card.getBasicChannel();
            if (ch.transmit(new CommandAPDU(SELECT_EP)).getSW() != 0x9000) {
                throw new IllegalStateException("SELECT EP failed on " + terminal.getName());
            }
            for (int i = 0; i < Math.min(count, 2_000); i++) {
                ch.transmit(GET_BALANCE);
            }
            long[] ns = new long[count];
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                if (ch.transmit(GET_BALANCE).getSW() != 0x9000) {
                    throw new IllegalStateException("GET BALANCE failed on " + terminal.getName());
                }
                ns[i] = System.nanoTime() - start;
            }
            Arrays.sort(ns);
            return ns;
        } finally {
            card.disconnect(false);
        }
    }

    private static void print(String what, long[] sorted) {
        System.out.printf("  %-38s %s / %s  (%,d APDUs)%n", what, time(sorted[sorted.length / 2]),
                time(sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]), sorted.length);
    }

    private static String time(long ns) {
        return ns < 100_000 ? String.format("%.1f µs", ns / 1e3) : String.format("%.3f ms", ns / 1e6);
    }

    /** A card with explicit test keys: the benchmark needs no keystore. */
    private static CardOs card() {
        byte[] key = new byte[16];
        Arrays.fill(key, (byte) 0x42);
        return SimCards.issue(new CardSpec(Cities.byCode("3205"), CardType.NORMAL, "32050000000000000001",
                LocalDate.of(2024, 1, 1), LocalDate.of(2034, 1, 1), null, 10_000,
                new PurseKeys(CardAlgorithm.TRIPLE_DES, 1, key, key, key, key), null), new Random(1));
    }
}
