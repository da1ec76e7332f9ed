package io.gwkit.conformance.record;

import io.gwkit.conformance.CaptureWriter;
import io.gwkit.conformance.CapturedFrame;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Appends frame lines to a gwcap file as they are recorded, for {@code gw capture} proxies. Several sinks,
 * in one process or several, may append to the same file: the first writes the header, each line is
 * written whole under a file lock, and lines carry the recorder's shared clock ({@code t}, epoch
 * microseconds) instead of an index, so {@link io.gwkit.conformance.CaptureReader} orders them.
 */
public final class CaptureFileSink implements Consumer<CapturedFrame>, Closeable {

    private final FileChannel file;

    public CaptureFileSink(Path path) throws IOException {
        this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        try (FileLock lock = file.lock()) {
            if (file.size() == 0) {
                write("{\"gwcap\":1,\"scenario\":\"proxy\",\"source\":\"gw capture\",\"secret_key\":\"\","
                        + "\"steps\":[],\"client_ids\":{},\"description\":\"recorded by gw capture proxies\"}");
            }
        }
    }

    @Override
    public void accept(CapturedFrame f) {
        try (FileLock lock = file.lock()) {
            write(CaptureWriter.frameLine(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            file.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
