package cn.yrd.onecard.clearing.validation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes of a {@link PurseRecordChunks chunk} as they are written: what {@code DataOutputStream} over a
 * {@code ByteArrayOutputStream} wrote (big-endian, {@code writeUTF}'s strings), put into a {@link ByteBuffer}, which
 * takes no lock a byte. With those streams the chunks took a seventh of a clearing worker's load partitions and a fifth
 * of its card-history partitions (JFR, 2026-12-07), most of it the streams' {@code synchronized} single-byte writes
 * and reads. Read back from a {@link ByteBuffer} over the chunk.
 */
final class ChunkBytes {
    /** Big-endian, as {@code DataOutputStream} wrote and as the reading buffers are. */
    private ByteBuffer bytes;

    ChunkBytes(int capacity) {
        bytes = ByteBuffer.allocate(capacity);
    }

    int size() {
        return bytes.position();
    }

    /** The bytes written so far, and a fresh start. */
    byte[] take() {
        byte[] taken = Arrays.copyOf(bytes.array(), bytes.position());
        bytes.clear();
        return taken;
    }

    void put(int b) {
        room(1).put((byte) b);
    }

    void putShort(int v) {
        room(2).putShort((short) v);
    }

    void putInt(int v) {
        room(4).putInt(v);
    }

    void putLong(long v) {
        room(8).putLong(v);
    }

    /** A signed number in 1 to 10 bytes, the small ones (of either sign) shortest (zigzag, 7 bits a byte). */
    void varint(long value) {
        ByteBuffer out = room(10);
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    /** {@code s} as {@code DataOutputStream.writeUTF} writes it: rare (a terminal number not of 12 hex digits). */
    void putUtf(String s) {
        ByteArrayOutputStream utf = new ByteArrayOutputStream();
        try {
            new DataOutputStream(utf).writeUTF(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // longer than writeUTF takes: no terminal number is
        }
        room(utf.size()).put(utf.toByteArray());
    }

    /** The buffer, with room for {@code more} bytes. */
    private ByteBuffer room(int more) {
        if (bytes.remaining() < more) {
            bytes = ByteBuffer.allocate(Math.max(bytes.capacity() * 2, bytes.position() + more)).put(bytes.flip());
        }
        return bytes;
    }

    /** A number {@link #varint(long)} wrote. */
    static long varint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0;; shift += 7) {
            int b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (v >>> 1) ^ -(v & 1);
            }
        }
    }

    /** A string {@link #putUtf} wrote; {@code in} is over an array, as a chunk read from the server is. */
    static String utf(ByteBuffer in) {
        int length = 2 + (in.getShort(in.position()) & 0xFFFF);
        try {
            String s = new DataInputStream(new ByteArrayInputStream(in.array(), in.arrayOffset() + in.position(),
                    length)).readUTF();
            in.position(in.position() + length);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
