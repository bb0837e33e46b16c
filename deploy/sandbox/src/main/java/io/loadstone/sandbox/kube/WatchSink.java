package io.loadstone.sandbox.kube;

/** Where a watch's events go: a WebSocket (one text message per event) or a chunked HTTP response (one line each). */
interface WatchSink {

  /** Writes one encoded watch event (a JSON object, no trailing newline). */
  void write(String event);

  boolean writeQueueFull();

  void drainHandler(Runnable handler);

  /** Runs once when the peer goes away (or the connection breaks). */
  void closeHandler(Runnable handler);

  /** Ends the stream gracefully; never blocks. */
  void close();

  String transport();
}
