package io.clusternode.core.tool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a parameter of a {@link Tool} method, or a component of a record used as tool arguments. The
 * description becomes the property's {@code description} in the generated JSON schema.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface P {

    /** What the argument means, written for the model (units, format, examples). */
    String value();

    /**
     * The argument's name in the schema. Empty means the parameter's name from the class file, which needs
     * the {@code -parameters} compiler flag; record components always carry their names.
     */
    String name() default "";
}
