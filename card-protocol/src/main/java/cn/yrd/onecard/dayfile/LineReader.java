package cn.yrd.onecard.dayfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The lines of a text file in the delta's formats (day files, hotlists) as raw bytes, split on LF only: a CR,
 * a line longer than {@link #MAX_LINE_BYTES} or a last line without its LF is an error naming the file and the
 * line. Reads a large buffer at a time: ten million lines read in seconds.
 */
final class LineReader implements AutoCloseable {
    /** Longer lines belong to no format here: refuse them before they eat memory. */
    public static final int MAX_LINE_BYTES = 4096;

    private final String name;
    private final InputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;
    private long number;

    public LineReader(Path file) throws IOException {
        this.name = String.valueOf(file.getFileName());
        this.in = Files.newInputStream(file);
    }

    /** The next line without its LF, or null at the end of the file. */
    public byte[] next() throws IOException, DayFileFormatException {
        // The line is found by a scan for its end and copied in one piece: appended byte by byte, it was two fifths
        // of checking a file whole (intake), 2026-12-07.
        byte[] begun = null; // the line's bytes in earlier chunks
        int begunLength = 0;
        while (true) {
            if (pos == limit) {
                limit = in.read(chunk);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (begunLength > 0) {
                        throw new DayFileFormatException(name, number + 1, null,
                                "last line has no line feed (file truncated?)");
                    }
                    return null;
                }
            }
            int start = pos;
            int end = start;
            while (end < limit && chunk[end] != '\n' && chunk[end] != '\r') {
                end++;
            }
            int length = begunLength + end - start;
            if (length > MAX_LINE_BYTES) {
                throw new DayFileFormatException(name, number + 1, null,
                        "line longer than " + MAX_LINE_BYTES + " bytes");
            }
            if (end == limit) {
                begun = begun == null ? Arrays.copyOfRange(chunk, start, end) : append(begun, begunLength, start, end);
                begunLength = length;
                pos = end;
                continue;
            }
            if (chunk[end] == '\r') {
                throw new DayFileFormatException(name, number + 1, null,
                        "carriage return in line: lines end with LF alone");
            }
            pos = end + 1;
            number++;
            return begun == null ? Arrays.copyOfRange(chunk, start, end) : append(begun, begunLength, start, end);
        }
    }

    /** {@code begun}'s first {@code length} bytes, then the chunk's from {@code start} to {@code end}. */
    private byte[] append(byte[] begun, int length, int start, int end) {
        byte[] line = Arrays.copyOf(begun, length + end - start);
        System.arraycopy(chunk, start, line, length, end - start);
        return line;
    }

    public String decode(byte[] raw) throws DayFileFormatException {
        // A line of ASCII (every record the formats define) is its own characters: copied as they are, not through
        // the checking decoder and a buffer of chars, which is for the lines that need it.
        boolean ascii = true;
        for (byte b : raw) {
            ascii &= b >= 0;
        }
        if (ascii) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
        try {
            return utf8.decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new DayFileFormatException(name, number, null, "line is not valid UTF-8");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The file's name, for messages. */
    public String name() {
        return name;
    }

    /** How many lines have been read. */
    public long number() {
        return number;
    }
}
