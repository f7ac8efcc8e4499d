package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.CardSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One business day of the demo as its stages hand it on (jPOS's context): what the command line asked for, then what
 * each stage made for the ones after it, in the order they run. A stage reads only what an earlier one set. A day
 * after another ({@code demo --days}) starts with what the day before left: the same keys, cards, terminals and
 * databases; only a first day issues cards and plugs terminals.
 */
final class Day {
    static final ZoneId ZONE = ZoneId.systemDefault();

    // What the day is: set before the first stage.
    final DemoCommand.Options options;
    final PrintStream out;
    final Map<String, String> env;
    final CardField.Supply fields;
    final Services services;
    final Faults faults;
    final LocalDate date;
    /** The days of a run of several ({@code demo --days}), the centre's counters among them; null for a single day. */
    final CardLife life;
    /** Each stage ends with a line here: what it did, and how long it took. */
    final Stages stages;

    // issue: the cities' keys and cards.
    Path keysFile;
    CityKeyStore keys;
    List<CardOs> issued;
    Map<CardOs, CardSpec> specs;
    Map<String, Long> issuedBalance;
    /** The day's one source of chance, drawn from the seed: the same seed gives the same day. */
    Random random;
    /** Cards their holders no longer have (lost, refunded, replaced): no one taps them. */
    Set<CardOs> outOfHand = new HashSet<>();

    // ride: the terminals and what went through them.
    MovableClock clock;
    Map<City, Validator> validators;
    Map<City, List<Validator>> metro;
    CityDesks desks;
    /** The merchants' tills by city, and the folder of the acquirers' merchant registers. */
    Map<City, List<Till>> tills;
    Path merchantsDir;
    Path terminalsFile;
    /** The card lost at noon, or null on a later day of several (whose losses the centre lists). */
    LostCard lost;
    /** The day before's card lost at noon, for the centre to list this morning; null on a first day. */
    LostCard lostTheDayBefore;
    /** The hotlist the validators took at night and clearing reads: the lost card's list, or the centre's. */
    Path hotlist;
    final Tally tally = new Tally();
    /**
     * The faulty day's card that paid a bill a second time at another kiosk (clearing holds that payment, M05, unless
     * it held the first); empty if that payment did not go through, null until a bill is paid.
     */
    String billPaidTwice;
    /** What the home cities decided in the first day's story ({@link HomeCityStory}), one line each; or null. */
    List<String> homeStory;
    /** The faulty day's retired kiosk and its one try, or null. */
    RetiredKiosk retiredKiosk;

    /** A kiosk out of service, {@code name}, tried a top-up on {@code card}: its balance around it, what it saw. */
    record RetiredKiosk(String name, cn.yrd.onecard.card.CardSerial card, long balanceBefore, long balanceAfter, String seen) {
    }

    // export: the operators' day files.
    Path inbox;
    long exported;
    long rides;
    /** The merchant payments in the tills' day files. */
    long payments;
    /** Each card's purchases less its loads, as the terminals recorded them. */
    Map<String, Long> purchases;
    /** The faulty day's planted files: a forged and replayed ride, a hospital's file sent again. */
    List<Path> extra;
    /** A bus's file held back a night, or null. */
    Path held;
    String heldSender;

    // clear, settle, reconcile, next night.
    Path outbox;
    List<String> nightArgs;
    Services.Run clearing;
    Services.Run settlement;
    Path bank;
    Services.Run reconcile;
    Services.Run nextSettlement;
    Path nextBank;

    Day(DemoCommand.Options options, PrintStream out, Map<String, String> env, CardField.Supply fields,
            Services services, LocalDate date, CardLife life) {
        this.options = options;
        this.out = out;
        this.env = env;
        this.fields = fields;
        this.services = services;
        this.faults = options.faults();
        this.stages = new Stages(out);
        this.date = date;
        this.life = life;
    }

    /** The day after {@code before}, on the same cards, terminals and databases. */
    Day(Day before) {
        this(before.options, before.out, before.env, before.fields, before.services, before.next(), before.life);
        keysFile = before.keysFile;
        keys = before.keys;
        issued = before.issued;
        specs = before.specs;
        random = before.random;
        outOfHand = before.outOfHand;
        clock = before.clock;
        validators = before.validators;
        metro = before.metro;
        desks = before.desks;
        tills = before.tills;
        merchantsDir = before.merchantsDir;
        terminalsFile = before.terminalsFile;
        hotlist = before.hotlist;
        lostTheDayBefore = before.lost;
        outbox = before.outbox;
    }

    /** Whether terminals and journals stay open for a day after this one. */
    boolean anotherDayFollows() {
        return life != null && !life.isLast(this);
    }

    Path outDir() {
        return options.outDir();
    }

    LocalDate next() {
        return date.plusDays(1);
    }

    /** The card serial records carry: the application serial without its city prefix. */
    String serial(CardOs card) {
        String app = specs.get(card).appSerial();
        return app.substring(app.length() - 16);
    }

    City home(CardOs card) {
        return specs.get(card).city();
    }

    /** The day's last settlement run: the next night's when a file was held back. */
    Services.Run lastSettlement() {
        return nextSettlement == null ? settlement : nextSettlement;
    }

    /** One step of the day; it ends with its line in {@link #stages}. */
    interface Stage {
        void run(Day day) throws Exception;
    }
}
