package dev.cage.protocol;

/**
 * One user of a node, as {@code ADMIN_USERS} lists it.
 *
 * @param name    the login name
 * @param admin   whether it has the admin role
 * @param enabled whether it may log in
 */
public record UserInfo(String name, boolean admin, boolean enabled) {
}
