/**
 * Semantic Versioning 2.0: versions, their precedence, and the requirements dependencies state on them ({@code ^1.2.0}, {@code >=1.2 <2}).
 */
@NullMarked
package dev.perfgate.marketplace.semver;

import org.jspecify.annotations.NullMarked;
