package io.jenkins.plugins.dockerdelivery.jenkins;

import hudson.Extension;
import hudson.security.csrf.CrumbExclusion;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** GitLab cannot send a CSRF crumb; the hook is authenticated by its secret token instead. */
@Extension
public class GitLabWebhookCrumbExclusion extends CrumbExclusion {
    @Override
    public boolean process(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        String path = req.getPathInfo();
        if (path != null && path.startsWith("/" + GitLabWebhook.URL_NAME + "/")) {
            chain.doFilter(req, resp);
            return true;
        }
        return false;
    }
}
