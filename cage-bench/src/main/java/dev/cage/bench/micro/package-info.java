/** {@code cage bench micro}: JMH benchmarks of the hot paths (the frame codec, page-cache hits), allocation included. */
package dev.cage.bench.micro;
