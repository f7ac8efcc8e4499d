package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.registry.MerchantRegister;
import cn.yrd.onecard.registry.MerchantRegister.Category;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;
import cn.yrd.onecard.registry.OpenBills;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.terminal.gate.PointOfSale;
import cn.yrd.onecard.terminal.gate.SaleConfig;
import cn.yrd.onecard.terminal.gate.TapResult;
import cn.yrd.onecard.terminal.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A merchant's till on its simulated reader with its own PSAM and journal (the terminal module's point of sale); its
 * city's card company sends its payments with its other merchants' in one MERCHANT day file. A utility's till is a
 * kiosk where customers pay its bills: {@code unpaid} is its biller's list of open bills, shared by its kiosks, as
 * the demo's customers pay them; null at any other merchant.
 */
record Till(String name, Merchant merchant, Validator.Plugged reader, PointOfSale pos, Journal journal, Path dir,
        Deque<OpenBills.Bill> unpaid) {
    /** The open bills each biller lists in the morning of the first day. */
    static final int BILLS = 400;

    /**
     * The merchants of the day: a shop in every city, a taxi in every other one, a car park and a water works (its
     * bills paid at two kiosks) in the four metro cities; each city's register written under {@code <out>/merchants/}
     * for clearing, each biller's open bills under {@code <out>/bills/}. PSAMs numbered from {@code psam}.
     */
    static Map<City, List<Till>> plug(SimReaders readers, CardField.Supply fields, CityKeyStore keys, Clock clock,
            Path outDir, int psam, List<String> metroCities) throws Exception {
        Map<City, List<Till>> tills = new LinkedHashMap<>();
        Path registers = Files.createDirectories(outDir.resolve("merchants"));
        int n = psam;
        for (City city : Cities.all()) {
            List<Merchant> merchants = new ArrayList<>();
            merchants.add(merchant(city, 1, "Corner Shop " + city.code(), Category.RETAIL, 60));
            if (Cities.all().indexOf(city) % 2 == 0) {
                merchants.add(merchant(city, 2, "Taxi " + city.code() + "-01", Category.TAXI, 80));
            }
            if (metroCities.contains(city.code())) {
                merchants.add(merchant(city, 3, "Station Car Park " + city.code(), Category.PARKING, 50));
                merchants.add(merchant(city, 4, "Water Works " + city.code(), Category.UTILITY, 20));
            }
            Files.writeString(registers.resolve(city.code() + ".txt"), MerchantRegister.text(city, merchants));
            List<Till> cityTills = new ArrayList<>();
            for (Merchant m : merchants) {
                Deque<OpenBills.Bill> unpaid = m.category() == Category.UTILITY
                        ? new ArrayDeque<>(openBills(m, LocalDate.now(clock), outDir).bills()) : null;
                for (int kiosk = 0; kiosk < (unpaid == null ? 1 : 2); kiosk++) {
                    String name = "TILL" + m.id().substring(0, 4) + m.id().substring(12) + (kiosk == 0 ? "" : "-2");
                    Validator.Plugged p = Validator.Plugged.in(readers, fields, name, ++n, keys);
                    Path dir = outDir.resolve("journals/" + name);
                    Journal journal = Journal.open(dir);
                    cityTills.add(new Till(name, m, p, new PointOfSale(new SaleConfig(m, "000" + kiosk
                            + m.id().substring(3), SaleConfig.DEFAULT_LIMIT), journal, Hotlist.empty(), clock),
                            journal, dir, unpaid));
                }
            }
            tills.put(city, cityTills);
        }
        return tills;
    }

    /**
     * The biller's open bills as it lists them for its kiosks, written to {@code <out>/bills/<merchant id>.txt} and read
     * back as a kiosk reads them: water bills of 10 to 45 yuan, the same each run.
     */
    private static OpenBills openBills(Merchant biller, LocalDate day, Path outDir) throws IOException {
        Random random = new Random(Long.parseLong(biller.id()));
        List<OpenBills.Bill> bills = new ArrayList<>();
        for (int i = 1; i <= BILLS; i++) {
            bills.add(new OpenBills.Bill(day.getYear() + biller.city().code() + String.format("%06d", i),
                    biller.city().code() + String.format("%06d", random.nextInt(1_000_000)),
                    1_000 + random.nextInt(3_500), day.plusDays(20)));
        }
        Path file = Files.createDirectories(outDir.resolve("bills")).resolve(biller.id() + ".txt");
        OpenBills.write(file, biller.id(), day, bills);
        return OpenBills.read(file);
    }

    /** Merchant {@code n} of {@code city}: id {@code <city>00000000<n:3>}, its account at the city's bank. */
    private static Merchant merchant(City city, int n, String name, Category category, int basisPoints) {
        String id = city.code() + String.format("%011d", n);
        return new Merchant(id, name, category, city, basisPoints, "6222" + id + "0");
    }

    /** What the customer is asked to pay at this kind of merchant, in fen: a fare, a basket, an hour's parking. */
    long amount(Random random) {
        return switch (merchant.category()) {
            case TAXI -> 1_100 + random.nextInt(1_400);
            case PARKING -> 500 + 500L * random.nextInt(2);
            default -> 100 + random.nextInt(1_400);
        };
    }

    /** The customer holds {@code card} to the till, which takes {@code amount}. */
    TapResult pay(CardOs card, long amount) throws Exception {
        reader.field().hold(card);
        return pos.pay(reader.link().connectCard().getBasicChannel(), reader.link().sam(), amount,
                reader.link().apduCounter());
    }

    /** The customer holds {@code card} to this utilities kiosk, which takes {@code bill}. */
    TapResult payBill(CardOs card, OpenBills.Bill bill) throws Exception {
        reader.field().hold(card);
        return pos.payBill(reader.link().connectCard().getBasicChannel(), reader.link().sam(), bill,
                reader.link().apduCounter());
    }

    /**
     * The till's PSAM as the clearing centre registered it: to its merchant's city and operator ID, its payments sent
     * by its city's card company.
     */
    TerminalRegistry.Terminal terminal() {
        return new TerminalRegistry.Terminal(reader.link().sam().terminalNo(), merchant.city(), merchant.operatorId(),
                sender(merchant.city()));
    }

    /** Who sends {@code city}'s merchant day file: its card company, for all its merchants' tills. */
    static String sender(City city) {
        return "SHOPS" + city.code();
    }
}
