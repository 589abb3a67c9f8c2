package dev.hako.cli.stdio;

import com.google.protobuf.ByteString;
import dev.hako.cli.tty.TtySize;

/**
 * The messages of one interactive bidi call (Attach or Exec): the two protos differ only in
 * names, so one session and one output pump serve both.
 *
 * @param <I> what the CLI sends
 * @param <O> what the daemon sends
 */
public interface StdioProtocol<I, O> {
    I stdin(ByteString data);

    I resize(TtySize size);

    I closeStdin();

    Frame frame(O output);
}
