package io.loadstone.common.plan;

/**
 * The sessions a run creates, all alike.
 *
 * @param count          how many (at least 1)
 * @param user           the user each session is created for
 * @param template       the template each runs
 * @param resources      memory and CPU each asks for (default: the platform's, 2Gi and 1000m)
 * @param persistentHome whether each gets a home PVC (default true, as the platform)
 */
public record Sessions(int count, String user, String template, Resources resources, boolean persistentHome) {
}
