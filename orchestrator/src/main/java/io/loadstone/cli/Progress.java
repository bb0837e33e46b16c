package io.loadstone.cli;

import java.io.PrintWriter;

/**
 * Prints a run's progress lines on stderr: on a terminal one live line rewritten in place ({@code \r}), otherwise
 * plain lines (logs and CI keep every one). Lines arrive at most once a second from the run.
 */
final class Progress {
  private final PrintWriter err;
  private final boolean live;
  private boolean open;

  Progress(PrintWriter err, boolean live) {
    this.err = err;
    this.live = live;
  }

  synchronized void line(String line) {
    if (live) {
      err.print("\r" + line + "\u001b[K");
      open = true;
    } else {
      err.println(line);
    }
    err.flush();
  }

  /** Ends the live line so later output starts on its own line. */
  synchronized void end() {
    if (open) {
      err.println();
      err.flush();
      open = false;
    }
  }
}
