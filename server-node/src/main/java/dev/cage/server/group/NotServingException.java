package dev.cage.server.group;

/** This member is not the group's leader (or stopped being it while a change was being replicated). */
public final class NotServingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotServingException(String message) {
        super(message);
    }
}
