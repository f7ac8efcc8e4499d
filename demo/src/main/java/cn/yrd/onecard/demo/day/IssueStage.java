package cn.yrd.onecard.demo.day;

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
        WalletCommand.write(wallet, day.options.cards(), seed);
        day.out.printf("wrote %s: %,d cards across the 16 cities and 1 PSAM%n", wallet, day.options.cards());
        Personalisation p = Personalisation.read(wallet, day.keys);
        day.random = new Random(seed);
        day.issued = new ArrayList<>();
        day.specs = new LinkedHashMap<>();
        for (CardSpec spec : p.cards()) {
            CardOs card = SimCards.issue(spec, day.random);
            day.issued.add(card);
            day.specs.put(card, spec);
        }
        day.issuedBalance = new TreeMap<>();
        for (CardOs card : day.issued) {
            day.issuedBalance.put(day.serial(card), SimCards.balance(card));
        }
        day.stages.done("issue", day.issued.size() + " cards of the 16 cities, keys in "
                + day.outDir().relativize(day.keysFile) + (development ? " (the development password)" : ""));
    }
}
