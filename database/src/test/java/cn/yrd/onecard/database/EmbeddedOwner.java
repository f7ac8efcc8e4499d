package cn.yrd.onecard.database;

import java.nio.file.Path;

/** A process of the ownership tests: takes the embedded server of a folder, says its port, waits for its end. */
public final class EmbeddedOwner {
    private EmbeddedOwner() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedMariaDb db = EmbeddedMariaDb.shared(Path.of(args[0]));
        System.out.println("port " + db.port() + " owned " + db.owned());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
