package io.clayenrichment.sandbox.webhook;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.json.MessageFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Lifetime submission counts on disk, so a restarted sandbox still refuses a used-up URL as Clay
 * would. Written whole to a temporary file and moved into place, so a crash leaves the old or the
 * new state, never half of one.
 */
public final class SourceStateFile {

    /** One source as stored. */
    public record StoredSource(String id, long submissions, boolean deleted) {}

    /** The whole file. */
    public record State(List<StoredSource> sources) {
        public State {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }
    }

    private final Path path;

    public SourceStateFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    public Path path() {
        return path;
    }

    /** The stored state, or an empty one when the file does not exist yet. */
    public State load() {
        if (!Files.exists(path)) {
            return new State(List.of());
        }
        try {
            return Json.read(Files.readAllBytes(path), State.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SANDBOX_STATE_FILE " + path, e);
        } catch (MessageFormatException e) {
            throw new IllegalStateException("SANDBOX_STATE_FILE " + path + " is not a sandbox state file: "
                    + e.getMessage(), e);
        }
    }

    public void save(State state) {
        try {
            Path parent = path.getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, path.getFileName().toString(), ".tmp");
            Files.write(temporary, Json.write(state));
            try {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write SANDBOX_STATE_FILE " + path, e);
        }
    }
}
