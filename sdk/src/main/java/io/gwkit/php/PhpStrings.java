package io.gwkit.php;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Helpers for PHP strings, which are byte strings: valid UTF-8 maps to {@link String}, anything else to {@link PhpBytes}. */
public final class PhpStrings {

    private PhpStrings() {
    }

    /** The PHP string value for these bytes: a String when they are valid UTF-8, otherwise a PhpBytes. */
    public static Object fromBytes(byte[] bytes) {
        String s = decodeUtf8OrNull(bytes, 0, bytes.length);
        return s != null ? s : new PhpBytes(bytes);
    }

    /** Strict UTF-8 decoding (no replacement characters, no overlongs, no encoded surrogates); null when invalid. */
    public static String decodeUtf8OrNull(byte[] bytes, int offset, int length) {
        boolean ascii = true;
        for (int i = offset, end = offset + length; i < end; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Whether the bytes are valid UTF-8 (as PHP's JSON encoder and {@code mb_check_encoding} judge it). */
    public static boolean isValidUtf8(byte[] bytes) {
        return decodeUtf8OrNull(bytes, 0, bytes.length) != null;
    }
}
