package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.record.MedicalCare;
import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.record.MedicalClaim;
import cn.yrd.onecard.record.PensionPayout;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.terminal.counter.Counter;
import cn.yrd.onecard.terminal.counter.CounterLog;
import cn.yrd.onecard.terminal.counter.Replacement;
import cn.yrd.onecard.terminal.host.LoadHost;
import cn.yrd.onecard.terminal.host.LoadHostClient;
import cn.yrd.onecard.terminal.host.LoadHostServer;
import cn.yrd.onecard.terminal.journal.DayFileExport;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.kiosk.Kiosk;
import cn.yrd.onecard.terminal.medical.MedicalPolicy;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;

/**
 * The desks of each city beside the validators: a kiosk (balance, top-up through the issuers' load host), a hospital
 * counter and a pension agent, all running the terminal module's own code on simulated readers, each with its journal
 * or log, each sending its day files. The kiosks reach the load host over mutual TLS on loopback, each with its own
 * certificate, as they would across the region; the hospitals and agents ask the card's home city ({@link HomeHosts})
 * what its fund pays, and write its authorisation into their records.
 */
final class CityDesks implements AutoCloseable {
    private final LoadHost host;
    private final LoadHostServer server;
    /** The load host's refusals of a kiosk at the handshake, one line each. */
    private final List<String> refusedKiosks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<City, Desk> desks = new LinkedHashMap<>();
    private final HomeHosts homes;
    private final List<TerminalRegistry.Terminal> kiosks = new ArrayList<>();
    private final AtomicInteger apdus = new AtomicInteger();

    private record Desk(SimReader reader, CardTerminal terminal, Kiosk kiosk, Journal journal, Counter hospital,
            Counter agent, CounterLog hospitalLog, CounterLog agentLog) {
    }

    CityDesks(SimReaders readers, Path outDir, CityKeyStore keys, Clock clock, Trust trust, HomeHosts homes)
            throws Exception {
        this.homes = homes;
        for (City city : Cities.all()) {
            kiosks.add(new TerminalRegistry.Terminal(kioskNo(city), city, operator(city), "KIOSK" + city.code()));
        }
        // The issuers' load host loads for the registered kiosks only.
        TerminalRegistry registry = TerminalRegistry.of(kiosks);
        this.host = new LoadHost(keys.keys(KeyPurpose.LOAD), registry, LoadHost.DAILY_LIMIT,
                outDir.resolve("load-host"));
        this.server = new LoadHostServer(host, "127.0.0.1", 0, trust.loadHostLink(registry, refusedKiosks::add));
        for (City city : Cities.all()) {
            String code = city.code();
            SimReader reader = readers.plug("Desk " + code);
            CardTerminal terminal = readers.terminalFactory().terminals().getTerminal("Desk " + code + " PICC");
            Journal journal = Journal.open(outDir.resolve("journals/kiosk-" + code));
            CounterLog hospitalLog = CounterLog.open(outDir.resolve("journals/hospital-" + code));
            CounterLog agentLog = CounterLog.open(outDir.resolve("journals/pension-" + code));
            desks.put(city, new Desk(reader, terminal, new Kiosk(kioskNo(city), city, operator(city),
                    "0000" + kioskNo(city), journal, new LoadHostClient(hostAddress(), trust.kioskLink(city,
                    kioskNo(city))), clock), journal, new Counter("HOSP" + code, city,
                    hospitalLog, clock),
                    new Counter("PENS" + code, city, agentLog, clock), hospitalLog, agentLog));
        }
    }

    private URI hostAddress() {
        return URI.create("https://127.0.0.1:" + server.port());
    }

    /** The terminal number of {@code city}'s kiosk. */
    static String kioskNo(City city) {
        return "00000000" + city.code();
    }

    private static String operator(City city) {
        return "000000000000" + city.code();
    }

    /** The kiosks' terminals, as the clearing centre registered them. */
    List<TerminalRegistry.Terminal> terminals() {
        return kiosks;
    }

    /** A passenger short of fare loads {@code fen} at the city's kiosk; true when loaded. */
    boolean topUp(City city, CardOs card, long fen) throws TerminalException, IOException, CardException {
        Desk d = desks.get(city);
        return d.kiosk().topUp(channel(d, card), fen, apdus).done();
    }

    /**
     * A kiosk {@code city} took out of service, its certificate revoked, tries to load {@code fen} onto {@code card}
     * at the city's desk: what the kiosk saw, in one line.
     */
    String retiredKioskTopUp(City city, CardOs card, long fen, Trust trust, String name, Path journalDir,
            Faults faults) throws Exception {
        Desk d = desks.get(city);
        try (Journal journal = Journal.open(journalDir)) {
            Kiosk retired = new Kiosk(name, city, operator(city), "0000" + kioskNo(city), journal,
                    new LoadHostClient(hostAddress(), trust.retiredKiosk(city, name)), Clock.systemUTC());
            // A tear planned on a purchase that ended before it struck strikes here: the card is presented again.
            Kiosk.TopUp t = RideStage.again(faults, () -> retired.topUp(channel(d, card), fen, apdus));
            return t.done() ? "loaded" : "refused: " + t.reason();
        } catch (IOException e) {
            return "no connection: " + e.getMessage();
        }
    }

    /**
     * A lost card replaced at {@code city}'s counter: the centre decides, the desk's kiosk loads the old card's money onto
     * {@code fresh}, the new card in its reader (card-terminal's counter.Replacement).
     */
    Replacement.Outcome replace(City city, Replacement.Centre centre, CardOs fresh, CardSerial old) throws Exception {
        Desk d = desks.get(city);
        return new Replacement(centre, d.kiosk(), d.journal()).replace(channel(d, fresh), old, apdus);
    }

    /** The load host's refusals of kiosks at the handshake. */
    List<String> refusedKiosks() {
        return refusedKiosks;
    }

    /** A hospital bill of {@code total} fen for {@code care} in {@code city}: the patient's home city says its part. */
    Counter.Outcome<MedicalClaim> claim(City city, CardOs card, String pin, long total, MedicalCare care)
            throws Exception {
        Desk d = desks.get(city);
        return d.hospital().claimOnline(channel(d, card), pin, total, care, homes.medical(), apdus);
    }

    /** {@code city}'s hospital cancels its claim {@code claimId} at the patient's home city. */
    Counter.Outcome<MedicalClaim> reverse(City city, String claimId) throws Exception {
        return desks.get(city).hospital().reverseOnline(claimId, homes.medical());
    }

    /** A retiree living in {@code city} draws a pension there, as the home city allows. */
    Counter.Outcome<PensionPayout> payout(City city, CardOs card, String pin) throws Exception {
        Desk d = desks.get(city);
        return d.agent().payoutOnline(channel(d, card), pin, homes.pension(), apdus);
    }

    /** A retiree living in {@code city} proves being alive at the pension agent: certified at home at once. */
    Counter.Outcome<PensionPayout> proofOfLife(City city, CardOs card, String pin) throws Exception {
        Desk d = desks.get(city);
        return d.agent().proofOnline(channel(d, card), pin, homes.pension(), apdus);
    }

    HomeHosts homes() {
        return homes;
    }

    /** The loads the kiosks recorded on {@code date}. */
    List<TransitRecord> loads(LocalDate date) {
        return desks.values().stream().flatMap(d -> d.journal().completed().stream())
                .filter(t -> t.time().toLocalDate().equals(date)).toList();
    }

    /** The request ids of top-ups the host approved and the card never took (the kiosk abandoned them). */
    java.util.Set<String> abandonedLoads() {
        return desks.values().stream().flatMap(d -> d.journal().abandoned().stream())
                .filter(i -> i.record().type() == cn.yrd.onecard.card.TransactionType.LOAD)
                .map(Kiosk::requestId).collect(java.util.stream.Collectors.toSet());
    }

    /** The records of {@code date} the hospitals' and pension agents' logs hold: bills, payouts and proofs of life. */
    long counterRecords(LocalDate date) {
        return desks.values().stream().mapToLong(d -> d.hospitalLog().claims().stream()
                .filter(c -> c.time().toLocalDate().equals(date)).count() + d.agentLog().payouts().stream()
                .filter(p -> p.time().toLocalDate().equals(date)).count()).sum();
    }

    /** Sends every desk's day files to {@code inbox}; returns how many records they carry. */
    long export(Path inbox, LocalDate date) throws IOException {
        String day = date.toString().replace("-", "");
        long records = 0;
        for (Map.Entry<City, Desk> e : desks.entrySet()) {
            City city = e.getKey();
            Desk d = e.getValue();
            // A registered kiosk sends its file every day, an empty one on a day without top-ups: the night waits
            // for it.
            records += DayFileExport.export(d.journal(), date, "KIOSK" + city.code(), city, 1,
                    inbox.resolve("KIOSK" + city.code() + "-" + day + "-1.txt")).count();
            if (d.hospitalLog().claims().stream().anyMatch(c -> c.time().toLocalDate().equals(date))) {
                records += d.hospitalLog().exportMedical(date, "HOSP" + city.code(), city, 1,
                        inbox.resolve("HOSP" + city.code() + "-" + day + "-1.txt")).count();
            }
            if (d.agentLog().payouts().stream().anyMatch(p -> p.time().toLocalDate().equals(date))) {
                records += d.agentLog().exportPension(date, "PENS" + city.code(), city, 1,
                        inbox.resolve("PENS" + city.code() + "-" + day + "-1.txt")).count();
            }
        }
        return records;
    }

    private static CardChannel channel(Desk d, CardOs card) throws CardException {
        d.reader().field().present(card);
        return d.terminal().connect("*").getBasicChannel();
    }

    @Override
    public void close() throws Exception {
        for (Desk d : desks.values()) {
            d.journal().close();
            d.hospitalLog().close();
            d.agentLog().close();
        }
        server.close();
        host.close();
        homes.close();
    }
}
