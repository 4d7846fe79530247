package io.jenkins.plugins.dockerdelivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretTest {
    /** The shape of what a Jenkins agent receives: a record whose generated toString prints every field. */
    record Order(String user, Secret password, List<Secret> more) implements Serializable {}

    @Test
    void anObjectHoldingSecretsPrintsNoneOfThem() {
        Order order = new Order("deploy", Secret.of("s3cret-pw"), List.of(Secret.of("an-ssh-key")));
        assertThat(order.toString())
                .contains("deploy")
                .contains(Secret.MASK)
                .doesNotContain("s3cret-pw")
                .doesNotContain("an-ssh-key");
    }

    @Test
    void aSecretTravelsThroughJavaSerializationWithItsValue() throws Exception {
        Order received = (Order) roundTrip(new Order("deploy", Secret.of("s3cret-pw"), List.of()));
        assertThat(received.password().reveal()).isEqualTo("s3cret-pw");
        assertThat(received.toString()).doesNotContain("s3cret-pw");
    }

    @Test
    void comparesByValueWithoutHashingIt() {
        assertThat(Secret.of("a-token").matches("a-token")).isTrue();
        assertThat(Secret.of("a-token").matches("a-tokeN")).isFalse();
        assertThat(Secret.of("a-token").matches(null)).isFalse();
        assertThat(Secret.of("a-token")).isEqualTo(Secret.of("a-token")).hasSameHashCodeAs(Secret.of("other"));
        assertThat(Secret.ofLine("pw\n").reveal()).isEqualTo("pw");
    }

    private static Object roundTrip(Object value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}
