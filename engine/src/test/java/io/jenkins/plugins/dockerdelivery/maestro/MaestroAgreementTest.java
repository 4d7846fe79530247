package io.jenkins.plugins.dockerdelivery.maestro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The validator refuses exactly the files real Maestro-NG 0.8.3 refuses, among the shared fixtures
 * (refused configurations, the configurations of the real transcripts) and one file per point of
 * Maestro's loader; the reference is the verdicts recorded with real Maestro ({@code MaestroAgreementIT}
 * checks them again where it is available).
 */
class MaestroAgreementTest {
    @Test
    void theValidatorRefusesWhatMaestroRefusesAndAcceptsWhatItAccepts() throws IOException {
        Map<String, MaestroAgreement.Verdict> maestro = MaestroAgreement.recorded();
        List<String> disagreements = new ArrayList<>();
        for (MaestroAgreement.Verdict v : maestro.values()) {
            String refusal = MaestroAgreement.validatorRefusal(v.path());
            if ((refusal != null) != v.refused()) {
                disagreements.add(v.path() + "\n    Maestro: " + (v.refused() ? "refuses: " + v.said() : "accepts")
                        + "\n    here:    " + (refusal == null ? "accepts" : "refuses: " + refusal));
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(maestro.values())
                .filteredOn(MaestroAgreement.Verdict::refused)
                .hasSizeGreaterThan(80);
        assertThat(maestro.values()).filteredOn(v -> !v.refused()).hasSizeGreaterThan(40);
    }

    @Test
    void everyFileHasARecordedVerdict() throws IOException {
        assertThat(MaestroAgreement.files())
                .containsExactlyInAnyOrderElementsOf(MaestroAgreement.recorded().keySet());
    }
}
