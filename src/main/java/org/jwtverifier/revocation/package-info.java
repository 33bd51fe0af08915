/**
 * Revocations: tokens stopped before their {@code exp}, by {@code jti}, by subject (tokens issued up to an
 * instant) or by OpenID Connect session. A {@link org.jwtverifier.revocation.RevocationStore} keeps them (on
 * this replica's disk, or shared by replicas); an in-memory index rebuilt on every change answers the request
 * path with a few hash lookups, so no decision waits on a store.
 */
package org.jwtverifier.revocation;
