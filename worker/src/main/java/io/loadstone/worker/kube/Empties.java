package io.loadstone.worker.kube;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces the empty collections a fabric8 model object's constructor allocates (every {@code List} and {@code Map}
 * property, {@code additionalProperties} included: an ObjectMeta starts with three LinkedHashMaps and three
 * ArrayLists) with the shared immutable {@code List.of()} / {@code Map.of()}. A cached slim copy then costs only the
 * fields it keeps, and readers still never see null. Found once per class through its public setters, so fields
 * added by a later fabric8 version are covered too.
 */
final class Empties {
  private static final MethodType SETTER = MethodType.methodType(void.class, Object.class);
  private static final ClassValue<MethodHandle[]> SETTERS = new ClassValue<>() {
    @Override
    protected MethodHandle[] computeValue(Class<?> type) {
      List<MethodHandle> out = new ArrayList<>();
      for (Method m : type.getMethods()) {
        Class<?>[] params = m.getParameterTypes();
        if (Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("set") || params.length != 1
            || m.getReturnType() != void.class || (params[0] != List.class && params[0] != Map.class)) {
          continue;
        }
        try {
          MethodHandle setter = MethodHandles.publicLookup().unreflect(m);
          Object empty = params[0] == List.class ? List.of() : Map.of();
          out.add(MethodHandles.insertArguments(setter, 1, empty).asType(SETTER));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(type.getName() + "." + m.getName() + " is not accessible", e);
        }
      }
      return out.toArray(MethodHandle[]::new);
    }
  };

  private Empties() {
  }

  /** {@code object} with every List and Map property set to a shared immutable empty; set what you keep after. */
  static <T> T trim(T object) {
    for (MethodHandle setter : SETTERS.get(object.getClass())) {
      try {
        setter.invokeExact((Object) object);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("cannot trim " + object.getClass().getName(), e);
      }
    }
    return object;
  }
}
