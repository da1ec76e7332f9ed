package io.gwkit.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The vendored golden captures. */
public final class Captures {

    private Captures() {
    }

    public static Path dir() {
        try {
            return Path.of(Captures.class.getResource("/captures/php").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Path> all() {
        try {
            return CaptureReader.list(dir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Capture read(String scenario) {
        try {
            return CaptureReader.read(dir().resolve(scenario + CaptureReader.SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
