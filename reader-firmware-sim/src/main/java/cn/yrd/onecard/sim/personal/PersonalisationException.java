package cn.yrd.onecard.sim.personal;

/** A personalisation file that cannot be issued from: names the file and the JSON path of the problem. */
public final class PersonalisationException extends IllegalArgumentException {
    public PersonalisationException(String file, String path, String problem) {
        super(file + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }
}
