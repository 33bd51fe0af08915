package org.jwtverifier.revocation;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where revocations are kept: on this replica's disk ({@code LocalRevocationStore}) or shared by every replica
 * (a clustered store). The request path never calls a store: it reads a {@code RevocationIndex} that is rebuilt
 * from {@link #all()} whenever {@link #onChange} fires.
 *
 * <p>A store forgets an entry by itself once {@link Revocation#expiresAt()} has passed, so it stays bounded by
 * what is still in force; it refuses new entries beyond its configured maximum.
 *
 * <p>Implementations are thread-safe.
 */
public interface RevocationStore extends AutoCloseable {

    /**
     * Adds a revocation, or replaces the one with the same {@link Revocation#key()}. When this returns, the
     * revocation is kept (a store that cannot reach shared storage keeps it locally and writes it later) and the
     * change listeners have run.
     *
     * @throws RevocationLimitException when the store holds its configured maximum of entries already (a
     *                                  replacement of an existing key is never refused)
     */
    void put(Revocation revocation) throws RevocationLimitException;

    /**
     * Removes the revocation with this key; nothing happens when there is none.
     *
     * @return whether there was one
     */
    boolean remove(Revocation.Kind kind, String issuer, String value);

    /** @return every revocation in force (entries past {@code expiresAt} may or may not be among them) */
    Collection<Revocation> all();

    /**
     * Registers a listener run after every change: those made through this store and those made elsewhere (another
     * replica of a shared store), and entries dropped on expiry where the store notices it. It must be cheap and
     * must not call {@link #put} or {@link #remove}.
     */
    void onChange(Runnable listener);

    /**
     * Registers a listener run after every change, as {@link #onChange} does, told which keys changed so that it
     * can read just those ({@link #get}) instead of every entry: with 100,000 held, reading them all costs
     * hundreds of milliseconds a change. An empty value means any key may have changed. A store that does not
     * track keys reports every change as such.
     */
    default void onChangedKeys(Consumer<Optional<Set<Revocation.Key>>> listener) {
        onChange(() -> listener.accept(Optional.empty()));
    }

    /** @return the revocation in force under {@code key}, if there is one */
    default Optional<Revocation> get(Revocation.Key key) {
        return all().stream().filter(r -> r.key().equals(key)).findFirst();
    }

    /**
     * @return the store's state, for {@code /ready}, JMX and metrics: read on every scrape and readiness probe, so
     *         it answers from memory and never waits on the network
     */
    RevocationStoreState state();

    /** Releases the store's resources (files, connections, threads); what was put stays kept. */
    @Override
    void close();
}
