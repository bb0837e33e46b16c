package io.loadstone.common.message;

/**
 * What the isolation check found for one session.
 *
 * @param ownObjects  its Deployment, Service and Pod are its own (no object or pod IP shared with another session)
 * @param limitsMatch requests = limits = the plan's resources
 * @param vncDesktop  the desktop name its VNC connection reached (its own session id when isolated), or null
 */
public record Isolation(boolean ownObjects, boolean limitsMatch, String vncDesktop) {
}
