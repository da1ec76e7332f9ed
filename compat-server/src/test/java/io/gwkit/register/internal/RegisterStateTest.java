package io.gwkit.register.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.testing.LogCapture;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The address book's broadcasts to subscribers that have gone. */
class RegisterStateTest {

    @Test
    void aSubscriberThatIsAlreadyClosedIsNotReportedAsNotReading() {
        try (LogCapture log = new LogCapture()) {
            RegisterState state = new RegisterState("");
            EmbeddedChannel stopped = new EmbeddedChannel();
            EmbeddedChannel reading = new EmbeddedChannel();
            state.addWorker(stopped);
            state.addWorker(reading);
            stopped.close(); // its channelInactive has not reached the register yet
            assertTrue(state.addGateway(new EmbeddedChannel(), "127.0.0.1:2900"));
            assertEquals(0, log.lines("WARN", "does not read").size(), log.text());
            ByteBuf first = reading.readOutbound();
            ByteBuf second = reading.readOutbound();
            assertEquals("{\"event\":\"broadcast_addresses\",\"addresses\":[\"127.0.0.1:2900\"]}\n",
                    second.toString(StandardCharsets.UTF_8), "the live subscriber still gets the new list");
            first.release();
            second.release();
        }
    }
}
