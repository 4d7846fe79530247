/**
 * The shared vocabulary of the docker-delivery engine: {@link io.jenkins.plugins.dockerdelivery.Secret},
 * {@link io.jenkins.plugins.dockerdelivery.ProgressListener} and the {@link
 * io.jenkins.plugins.dockerdelivery.DeliveryException} family. The domain packages ({@code image},
 * {@code dockerfile}, {@code graph}, {@code docker}, {@code ssh}, {@code maestro}, {@code gitlab}) build on
 * these and import nothing from Jenkins.
 */
package io.jenkins.plugins.dockerdelivery;
