/**
 * The Jenkins adapters of docker-delivery: Pipeline steps, the GitLab webhook trigger, the
 * dependency-graph actions. They turn Jenkins objects (credentials, workspace, build log) into calls
 * of the engine ({@code io.jenkins.plugins.dockerdelivery.*}) and hold no logic of their own.
 */
package io.jenkins.plugins.dockerdelivery.jenkins;
