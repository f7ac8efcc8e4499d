package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.KeystorePassword;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.CardSpec;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.keys.TestKeystoreCommand;
import cn.yrd.onecard.sim.personal.Personalisation;
import cn.yrd.onecard.sim.personal.WalletCommand;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** The cities' keys, drawn from the seed, and their cards issued from a wallet file. */
final class IssueStage implements Day.Stage {
    /** The password of the demo's keystores: the one given, else the development password. */
    static char[] password(java.util.Map<String, String> env) {
        return env.getOrDefault(KeystorePassword.ENV, TestKeystoreCommand.TEST_PASSWORD).toCharArray();
    }

    @Override
    public void run(Day day) throws Exception {
        if (day.issued != null) {
            // A day after another: the cards are the ones the holders kept, as the day before left them.
            day.issuedBalance = balances(day);
            day.stages.done("cards", String.format("%,d cards as the day before left them", day.issued.size()));
            return;
        }
        long seed = day.options.seed();
        day.keysFile = day.outDir().resolve("keys/cities.p12");
        // The demo's keystores are its own, made fresh: the development password unless one is given (and its
        // children get the same; production commands have no such default).
        boolean development = day.env.get(KeystorePassword.ENV) == null;
        char[] password = password(day.env);
        // Test keys drawn from the seed, so the same seed gives the same day files, TACs included.
        SecureRandom keyRandom = SecureRandom.getInstance("SHA1PRNG");
        keyRandom.setSeed(seed);
        day.keys = CityKeyStore.generate(day.keysFile, password, EnumSet.allOf(KeyPurpose.class), keyRandom);
        Path wallet = day.outDir().resolve("cards.json");
        // Several days: one blank card more per city, for its counter to issue as a replacement.
        int blanks = day.life == null ? 0 : Cities.all().size();
        WalletCommand.write(wallet, day.options.cards() + blanks, seed);
        day.out.printf("wrote %s: %,d cards across the 16 cities and 1 PSAM%s%n", wallet, day.options.cards(),
                blanks == 0 ? "" : ", and a blank card for each city's counter");
        List<CardSpec> specs = Personalisation.read(wallet, day.keys).cards();
        day.random = new Random(seed);
        day.issued = new ArrayList<>();
        day.specs = new LinkedHashMap<>();
        for (CardSpec spec : specs.subList(0, day.options.cards())) {
            CardOs card = SimCards.issue(spec, day.random);
            day.issued.add(card);
            day.specs.put(card, spec);
        }
        if (day.life != null) {
            day.life.blanks(specs.subList(day.options.cards(), specs.size()));
        }
        day.issuedBalance = balances(day);
        day.stages.done("issue", day.issued.size() + " cards of the 16 cities, keys in "
                + day.outDir().relativize(day.keysFile) + (development ? " (the development password)" : ""));
    }

    /** Each card's balance as the day starts, by serial. */
    static Map<String, Long> balances(Day day) {
        Map<String, Long> balances = new TreeMap<>();
        for (CardOs card : day.issued) {
            balances.put(day.serial(card), SimCards.balance(card));
        }
        return balances;
    }
}
