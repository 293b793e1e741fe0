package dev.cage.api;

/**
 * One user of a node, as {@link CageNodeAdmin#users()} lists it.
 *
 * @param name    the login name
 * @param admin   whether it has the admin role
 * @param enabled whether it may log in
 */
public record UserInfo(String name, boolean admin, boolean enabled) {
}
