package io.clusternode.core.tool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a tool a model may call. {@link Tools#from(Object)} turns every such method of an object
 * into a {@link io.clusternode.core.spi.ToolProvider}: the tool's name is the method's name (or
 * {@link #name()}), its description is {@link #value()}, and its argument schema is generated from the
 * method's parameters (see {@link Tools} for the type mapping).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tool {

    /** What the tool does, written for the model: when to call it and what it returns. */
    String value();

    /** The name the model calls the tool by; the method's name when empty. Letters, digits, {@code _} and {@code -}. */
    String name() default "";
}
