/**
 * Reading what the user wrote: duration and rate strings, configuration parameters, and the precedence between
 * method annotation, class annotation, configuration parameter and built-in default (resolved here and nowhere
 * else).
 */
@NullMarked
package dev.perfgate.config;

import org.jspecify.annotations.NullMarked;
