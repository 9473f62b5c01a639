//! Where the command line's words go: standard output that ends quietly
//! when its reader goes away, and an error's message with each cause once.

use std::io::{self, Write};

/// A writer that treats a closed pipe as a quiet end: once the reader has
/// gone (`commonplan completions bash | true`), every write reports success
/// and writes nothing, so a command runs to its end and keeps its exit code
/// rather than failing, or panicking where a library writes with `expect`.
/// Other errors are passed on.
#[derive(Debug)]
pub struct QuietPipe<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> QuietPipe<W> {
    /// Wrap `inner`.
    pub fn new(inner: W) -> Self {
        QuietPipe {
            inner,
            closed: false,
        }
    }

    /// The writer wrapped.
    pub fn get_ref(&self) -> &W {
        &self.inner
    }

    /// Whether the reader has gone.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// `result`, with a broken pipe taken as the quiet end.
    fn quiet<T>(&mut self, result: io::Result<T>, ended: T) -> io::Result<T> {
        match result {
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(ended)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for QuietPipe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.quiet(result, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.quiet(result, ())
    }
}

/// The message of `error` followed by its causes, each said once: a cause
/// whose text the message already holds is left out. (A file error's
/// message holds the operating system's reason, which is also its cause;
/// printed as a chain, the reason came twice.)
pub fn error_message(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if message.is_empty() {
            message = text;
        } else if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message
}
