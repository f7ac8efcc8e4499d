package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.PsamSpec;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.sim.pcsc.SimSlot;
import cn.yrd.onecard.terminal.fare.FareTable;
import cn.yrd.onecard.terminal.gate.Gate;
import cn.yrd.onecard.terminal.gate.GateConfig;
import cn.yrd.onecard.terminal.gate.TapResult;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.reader.ReaderFailedException;
import cn.yrd.onecard.terminal.reader.ReaderLink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** A validator or gate on its simulated reader with its own PSAM and journal; it sends its day file as {@code name}. */
record Validator(String name, CardField field, ReaderLink link, SimSlot samSlot, CardOs psam, Gate gate,
        Journal journal, Path dir, Clock clock) {

    static Validator plug(SimReaders readers, CardField.Supply fields, String name, GateConfig config, int psam,
            CityKeyStore keys, FareTable fares, Clock clock, Path outDir) throws Exception {
        Plugged p = Plugged.in(readers, fields, name, psam, keys);
        Path dir = outDir.resolve("journals/" + name);
        Journal journal = Journal.open(dir);
        return new Validator(name, p.field(), p.link(), p.samSlot(), p.psam(), new Gate(config, fares, journal,
                Hotlist.empty(), clock), journal, dir, clock);
    }

    /** A terminal's reader on the simulated bus: its card field, and in its SAM slot a PSAM of its own, opened. */
    record Plugged(CardField field, ReaderLink link, SimSlot samSlot, CardOs psam) {
        /** The PSAM numbered {@code psam} (terminal number {@code 000000100000 + psam}) in reader {@code name}. */
        static Plugged in(SimReaders readers, CardField.Supply fields, String name, int psam, CityKeyStore keys)
                throws Exception {
            SimReader reader = readers.plug(name);
            CardField field = fields.of(readers, reader);
            CardOs psamCard = SimCards.psam(new PsamSpec(String.format("%012d", 100_000 + psam), 0,
                    keys.keys(KeyPurpose.PURCHASE), keys.keys(KeyPurpose.MAINTENANCE)));
            reader.sam().present(psamCard);
            ReaderLink link = new ReaderLink(field.terminal(),
                    readers.terminalFactory().terminals().getTerminal(reader.sam().terminalName()));
            link.openSam();
            return new Plugged(field, link, reader.sam(), psamCard);
        }
    }

    /**
     * A passenger's tap. A PSAM that left its slot mid-purchase fails the tap as a reader failure (the passenger
     * cannot help): staff reseat it, the validator opens it again, and the passenger taps again.
     */
    TapResult tap(CardOs card, Faults faults) throws Exception {
        TapResult r;
        try {
            r = held(card);
        } catch (ReaderFailedException e) {
            if (samSlot.isCardPresent()) {
                throw e;
            }
            faults.psamReseated();
            samSlot.present(psam);
            link.openSam();
            r = held(card);
        }
        if (r.open() && r.reason() != null && r.reason().startsWith("PSAM failed")) {
            faults.psamWentAfterThePurchase();
        }
        return r;
    }

    /** One tap of {@code card}, held to the field. */
    private TapResult held(CardOs card) throws Exception {
        field.hold(card);
        return gate.tap(link.connectCard().getBasicChannel(), link.sam(), link.apduCounter());
    }

    /** The validator's PSAM as the clearing centre registered it: to the city and operator of its gate, its file. */
    TerminalRegistry.Terminal terminal() {
        return new TerminalRegistry.Terminal(link.sam().terminalNo(), gate.config().city(),
                gate.config().operatorId(), name);
    }

    /**
     * The same validator after its process was killed: its journal recovered from disk, and the hotlist it had
     * taken (a validator keeps its list in a file of its own).
     */
    Validator restarted(FareTable fares) throws IOException {
        Journal recovered = Journal.open(dir);
        return new Validator(name, field, link, samSlot, psam, new Gate(gate.config(), fares, recovered,
                gate.hotlist(), clock), recovered, dir, clock);
    }
}

