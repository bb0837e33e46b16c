package io.loadstone.common.message.codec;

import io.loadstone.common.message.Diagnosis;
import io.loadstone.common.message.Isolation;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionOutcome;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SessionOutcome} on the wire, schema version 2 (version 1 had no pod uids; a node of the other version is
 * refused, not misread). Optional parts are preceded by a presence byte.
 */
public final class SessionOutcomeCodec extends VersionedCodec<SessionOutcome> {
  public SessionOutcomeCodec() {
    super("loadstone.SessionOutcome", 2);
  }

  @Override
  protected void writeFields(Buffer out, SessionOutcome o) {
    Wire.string(out, o.run().value());
    Wire.string(out, o.session());
    out.appendInt(o.attempt());
    Wire.string(out, o.node());
    Wire.string(out, o.platformSession());
    Wire.string(out, o.agent());
    Wire.string(out, o.outcome().name());
    Wire.string(out, o.failedPhase() == null ? null : o.failedPhase().id());
    out.appendByte((byte) (o.diagnosis() == null ? 0 : 1));
    if (o.diagnosis() != null) {
      Wire.string(out, o.diagnosis().code());
      out.appendInt(o.diagnosis().evidence().size());
      o.diagnosis().evidence().forEach(line -> Wire.string(out, line));
    }
    out.appendByte((byte) (o.isolation() == null ? 0 : 1));
    if (o.isolation() != null) {
      out.appendByte((byte) (o.isolation().ownObjects() ? 1 : 0));
      out.appendByte((byte) (o.isolation().limitsMatch() ? 1 : 0));
      Wire.string(out, o.isolation().vncDesktop());
    }
    out.appendInt(o.podUids().size());
    o.podUids().forEach(uid -> Wire.string(out, uid));
  }

  @Override
  protected SessionOutcome readFields(Wire.Reader in) {
    RunId run = new RunId(in.readString());
    String session = in.readString();
    int attempt = in.readInt();
    String node = in.readString();
    String platformSession = in.readString();
    String agent = in.readString();
    SessionOutcome.Outcome outcome = SessionOutcome.Outcome.valueOf(in.readString());
    String failed = in.readString();
    Diagnosis diagnosis = null;
    if (in.readBoolean()) {
      String code = in.readString();
      int lines = in.readInt();
      List<String> evidence = new ArrayList<>(lines);
      for (int i = 0; i < lines; i++) {
        evidence.add(in.readString());
      }
      diagnosis = new Diagnosis(code, evidence);
    }
    Isolation isolation = null;
    if (in.readBoolean()) {
      isolation = new Isolation(in.readBoolean(), in.readBoolean(), in.readString());
    }
    int uids = in.readInt();
    List<String> podUids = new ArrayList<>(uids);
    for (int i = 0; i < uids; i++) {
      podUids.add(in.readString());
    }
    return new SessionOutcome(run, session, attempt, node, platformSession, agent, outcome,
        failed == null ? null : Codecs.phase(failed), diagnosis, isolation, podUids);
  }
}
