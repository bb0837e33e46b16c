package io.loadstone.sandbox.agent;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One session as a {@code start_session} payload describes it, read the way the real agent reads it
 * ({@code agent_handlers.go}): {@code sessionId}, {@code user}, {@code template} required;
 * {@code persistentHome} false unless given; {@code memory}/{@code cpu} empty unless given (the template's
 * defaults, then 2Gi/1000m, fill them when the Deployment is built).
 */
record SessionSpec(String sessionId, String user, String template, boolean persistentHome, String memory,
                   String cpu) {

  /** @throws CommandException with the real agent's message when a required field is missing */
  static SessionSpec parse(JsonObject payload) {
    return new SessionSpec(required(payload, "sessionId"), required(payload, "user"), required(payload, "template"),
        payload.getValue("persistentHome") instanceof Boolean b && b, text(payload, "memory"), text(payload, "cpu"));
  }

  static String required(JsonObject payload, String field) {
    String value = text(payload, field);
    if (value.isEmpty()) {
      throw new CommandException("missing or invalid " + field);
    }
    return value;
  }

  private static String text(JsonObject payload, String field) {
    return payload.getValue(field) instanceof String s ? s : "";
  }

  /**
   * The parts of a Template manifest ({@code spec.baseImage, defaultResources, ports, env}) the Deployment uses.
   * Ports default to {@code vnc} 3000 when the template lists none.
   */
  record Template(String name, String displayName, String baseImage, String defaultMemory, String defaultCpu,
                  List<ContainerPort> ports, List<EnvVar> env) {

    /**
     * Reads {@code templateManifest} from the payload: a JSON object, or a JSON text holding one.
     *
     * @throws CommandException "templateManifest not found in payload" / "failed to parse template manifest: ..."
     */
    static Template fromPayload(JsonObject payload) {
      Object raw = payload.getValue("templateManifest");
      JsonObject manifest;
      if (raw instanceof JsonObject o) {
        manifest = o;
      } else if (raw instanceof String s && !s.isBlank()) {
        try {
          manifest = new JsonObject(s);
        } catch (DecodeException e) {
          throw new CommandException("failed to unmarshal templateManifest bytes: not a JSON object");
        }
      } else if (raw == null) {
        throw new CommandException("templateManifest not found in payload");
      } else {
        throw new CommandException("templateManifest has invalid type: " + raw.getClass().getSimpleName());
      }
      return fromManifest(manifest);
    }

    static Template fromManifest(JsonObject manifest) {
      if (!(manifest.getValue("spec") instanceof JsonObject spec)) {
        throw new CommandException("failed to parse template manifest: invalid template spec");
      }
      if (!(spec.getValue("baseImage") instanceof String image) || image.isBlank()) {
        throw new CommandException("failed to parse template manifest: template missing baseImage");
      }
      JsonObject metadata = manifest.getValue("metadata") instanceof JsonObject m ? m : new JsonObject();
      JsonObject resources = spec.getValue("defaultResources") instanceof JsonObject r ? r : new JsonObject();
      List<ContainerPort> ports = new ArrayList<>();
      if (spec.getValue("ports") instanceof JsonArray list) {
        for (Object entry : list) {
          if (entry instanceof JsonObject p && p.getValue("containerPort") instanceof Number port) {
            ports.add(new ContainerPortBuilder().withName(p.getString("name")).withContainerPort(port.intValue())
                .withProtocol("UDP".equals(p.getValue("protocol")) ? "UDP" : "TCP").build());
          }
        }
      }
      if (ports.isEmpty()) {
        ports.add(new ContainerPortBuilder().withName("vnc").withContainerPort(VncTunnels.VNC_PORT)
            .withProtocol("TCP").build());
      }
      List<EnvVar> env = new ArrayList<>();
      if (spec.getValue("env") instanceof JsonArray list) {
        for (Object entry : list) {
          if (entry instanceof JsonObject e && e.getValue("name") instanceof String name) {
            env.add(new EnvVar(name, e.getValue("value") instanceof String v ? v : "", null));
          }
        }
      }
      return new Template(metadata.getString("name", ""), spec.getValue("displayName") instanceof String d ? d : "",
          image, resources.getValue("memory") instanceof String m ? m : "",
          resources.getValue("cpu") instanceof String c ? c : "", List.copyOf(ports), List.copyOf(env));
    }
  }
}
