package org.jwtverifier.jwks;

import java.io.IOException;
import java.nio.file.Path;

/** Where a snapshot file of a key lives, for tests that tamper with snapshot files. */
final class KeySetSnapshotsAccess {
    private KeySetSnapshotsAccess() {
    }

    static Path fileFor(Path snapshots, String key) throws IOException {
        return KeySetSnapshots.open(snapshots).fileFor(key);
    }
}
