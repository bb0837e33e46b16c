package io.loadstone.sandbox.kube;

import io.vertx.core.json.JsonObject;

/**
 * Which objects of one kind a list, watch or collection delete is about: a namespace (null = all namespaces), a
 * label selector and a field selector.
 */
record ObjectFilter(String namespace, LabelSelector labels, FieldSelector fields) {

  boolean matches(JsonObject object) {
    if (object == null) {
      return false;
    }
    if (namespace != null && !namespace.equals(KubeObjects.namespace(object))) {
      return false;
    }
    return labels.matches(object) && fields.matches(object);
  }
}
