package io.jenkins.plugins.dockerdelivery.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import hudson.model.AbstractProject;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jvnet.hudson.test.JenkinsRule;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * A step shown in a real configuration form (its config.jelly rendered, its help and form checks
 * wired) and saved again, as workflow-step-api's StepConfigTester does: the step sits in a test-only
 * freestyle build step whose form is the step's own.
 */
final class StepConfigRoundTrip {
    private StepConfigRoundTrip() {}

    /** The step as the form saves it back; equal, field by field, to {@code before} when the form is right. */
    static <S extends Step> S roundTrip(JenkinsRule r, S before) throws Exception {
        StepBuilder after = r.configRoundtrip(new StepBuilder(before));
        assertThat(after).isNotNull();
        assertThat(after.step).isInstanceOf(before.getClass());
        @SuppressWarnings("unchecked")
        S step = (S) after.step;
        r.assertEqualDataBoundBeans(before, step);
        return step;
    }

    /** Holds one step; its form is a drop-down of steps showing the one it holds. */
    public static final class StepBuilder extends Builder {
        public final Step step;

        @DataBoundConstructor
        public StepBuilder(Step step) {
            this.step = step;
        }

        @Extension
        public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {
            @Override
            @SuppressWarnings("rawtypes")
            public boolean isApplicable(Class<? extends AbstractProject> jobType) {
                return true;
            }

            @Override
            public String getDisplayName() {
                return "A Pipeline step, for configuration tests";
            }
        }
    }
}
