package org.jwtverifier.revocation;

/** A revocation refused because the store holds its configured maximum of entries. */
public final class RevocationLimitException extends Exception {
    private final long maxEntries;

    public RevocationLimitException(long maxEntries) {
        super("revocation refused: the store holds its maximum of " + maxEntries
                + " entries (revocation.maxEntries); remove entries or raise the limit");
        this.maxEntries = maxEntries;
    }

    public long maxEntries() {
        return maxEntries;
    }
}
