package cn.yrd.onecard.clearing.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * A file (or folder) the night names in its {@link NightInputs}, read whole once per run: each run reads it afresh,
 * even under the same name, so a warm service clears night after night on the files of each. A file that does not
 * read fails the step that needs it, naming it.
 */
final class NightFile<T> {
    /** Reads what the night names; a blank name is the night naming none. */
    interface Reader<T> {
        T read(String name) throws IOException;
    }

    private final NightInputs night;
    private final Function<NightInputs.Inputs, String> name;
    private final String what;
    private final Reader<T> reader;
    private long readFor = -1;
    private T value;

    NightFile(NightInputs night, Function<NightInputs.Inputs, String> name, String what, Reader<T> reader) {
        this.night = night;
        this.name = name;
        this.what = what;
        this.reader = reader;
    }

    synchronized T get() {
        if (readFor != night.run()) {
            String file = name.apply(night.get());
            try {
                value = reader.read(file);
            } catch (IOException e) {
                throw new UncheckedIOException(what + " " + file + ": " + e.getMessage(), e);
            }
            readFor = night.run();
        }
        return value;
    }
}
