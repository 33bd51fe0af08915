package org.jwtverifier.revocation;

import java.util.Map;
import org.ehcache.Cache;
import org.ehcache.spi.resilience.ResilienceStrategy;
import org.ehcache.spi.resilience.StoreAccessException;

/**
 * Makes every failed store access of a clustered cache throw {@link ClusterAccessException}. Ehcache's default
 * ({@code RobustResilienceStrategy}) turns a failed {@code get} into a miss and a failed {@code put} into nothing
 * at all: a revocation store must instead know that the server did not take a write (to keep it pending) and
 * that a read did not answer (to say the server is unreachable rather than that nothing is revoked).
 */
public final class FailingResilienceStrategy<K, V> implements ResilienceStrategy<K, V> {

    @Override
    public V getFailure(K key, StoreAccessException e) {
        throw new ClusterAccessException(e);
    }

    @Override
    public boolean containsKeyFailure(K key, StoreAccessException e) {
        throw new ClusterAccessException(e);
    }

    @Override
    public void putFailure(K key, V value, StoreAccessException e) {
        throw new ClusterAccessException(e);
    }

    @Override
    public void removeFailure(K key, StoreAccessException e) {
        throw new ClusterAccessException(e);
    }

    @Override
    public void clearFailure(StoreAccessException e) {
        throw new ClusterAccessException(e);
    }

    @Override
    public Cache.Entry<K, V> iteratorFailure(StoreAccessException e) {
        throw new ClusterAccessException(e);
    }

    @Override
    public V putIfAbsentFailure(K key, V value, StoreAccessException e) {
        throw new ClusterAccessException(e);
    }

    @Override
    public boolean removeFailure(K key, V value, StoreAccessException e) {
        throw new ClusterAccessException(e);
    }

    @Override
    public V replaceFailure(K key, V value, StoreAccessException e) {
        throw new ClusterAccessException(e);
    }

    @Override
    public boolean replaceFailure(K key, V value, V newValue, StoreAccessException e) {
        throw new ClusterAccessException(e);
    }

    @Override
    public Map<K, V> getAllFailure(Iterable<? extends K> keys, StoreAccessException e) {
        throw new ClusterAccessException(e);
    }

    @Override
    public void putAllFailure(Map<? extends K, ? extends V> entries, StoreAccessException e) {
        throw new ClusterAccessException(e);
    }

    @Override
    public void removeAllFailure(Iterable<? extends K> keys, StoreAccessException e) {
        throw new ClusterAccessException(e);
    }
}
