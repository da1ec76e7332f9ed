package io.gwkit.conformance.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

/**
 * The golden PHP captures shipped inside the conformance-tests jar (resource
 * {@value #RESOURCE}), as a directory {@link io.gwkit.conformance.ConformanceSuite} can list: a plain
 * directory when run from {@code target/classes}, the jar's zip file system otherwise.
 */
public final class BundledCaptures {

    /** Where the build puts {@code src/test/resources/captures/php} in the jar. */
    public static final String RESOURCE = "/io/gwkit/conformance/captures/php";

    private BundledCaptures() {
    }

    public static Path dir() {
        URL url = BundledCaptures.class.getResource(RESOURCE);
        if (url == null) {
            throw new IllegalStateException("no bundled captures (" + RESOURCE + ") on the classpath");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException alreadyOpen) {
                    // opened by an earlier call: Path.of finds it
                }
            }
            return Path.of(uri);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
