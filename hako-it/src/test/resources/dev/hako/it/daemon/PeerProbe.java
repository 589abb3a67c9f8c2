import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Run by DaemonIT as another user: connects to a unix socket and prints "closed" when the server
 * hangs up at once (a refused peer), "open" when it answers or keeps the connection waiting.
 */
public class PeerProbe {
    public static void main(String[] args) throws Exception {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
        int[] read = {0};
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try {
                read[0] = channel.read(ByteBuffer.allocate(64));
            } catch (Exception e) {
                read[0] = -1;
            }
        });
        reader.join(2000);
        System.out.println(reader.isAlive() || read[0] > 0 ? "open" : "closed");
        System.exit(0);
    }
}
