//! The signals that end the UI from outside: HUP (the terminal window
//! closed, the SSH session dropped), TERM (`kill`), INT and QUIT (`kill
//! -INT`; in raw mode Ctrl-C and Ctrl-\ arrive as keys, not as signals).
//!
//! [`Signals::catch`] replaces their default action with a flag that the
//! event loop polls between ticks, so the ending happens in the loop, not in
//! a signal handler: flush the journal, restore the terminal, then exit with
//! the usual code, 128 + the signal's number ([`exit_code`]). Should the
//! loop be stuck, a second signal of the same kind ends the process at once
//! with that code (signal-hook's conditional shutdown).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};

/// The signals caught.
pub const CAUGHT: [i32; 4] = [SIGHUP, SIGTERM, SIGINT, SIGQUIT];

/// The flags the handlers set.
#[derive(Debug, Clone)]
pub struct Signals {
    /// The last signal received, 0 for none.
    received: Arc<AtomicUsize>,
}

impl Signals {
    /// Catch HUP, TERM, INT and QUIT for the rest of the process's life.
    pub fn catch() -> std::io::Result<Signals> {
        let received = Arc::new(AtomicUsize::new(0));
        for signal in CAUGHT {
            let armed = Arc::new(AtomicBool::new(false));
            // The shutdown goes first: on the first signal it is not armed
            // yet, and the flag below arms it.
            signal_hook::flag::register_conditional_shutdown(
                signal,
                i32::from(exit_code(signal)),
                Arc::clone(&armed),
            )?;
            signal_hook::flag::register(signal, armed)?;
            signal_hook::flag::register_usize(
                signal,
                Arc::clone(&received),
                usize::try_from(signal).expect("signal numbers are small"),
            )?;
        }
        Ok(Signals { received })
    }

    /// The signal received, if one was.
    pub fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::SeqCst) {
            0 => None,
            signal => i32::try_from(signal).ok(),
        }
    }
}

/// The exit code after `signal`: 128 + its number, as shells report a
/// process the signal ended.
pub fn exit_code(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(u8::MAX)
}

/// The signal's name: `SIGTERM`.
pub fn name(signal: i32) -> String {
    match signal {
        SIGHUP => "SIGHUP".to_owned(),
        SIGTERM => "SIGTERM".to_owned(),
        SIGINT => "SIGINT".to_owned(),
        SIGQUIT => "SIGQUIT".to_owned(),
        other => format!("signal {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_128_and_the_number() {
        assert_eq!(exit_code(SIGHUP), 129);
        assert_eq!(exit_code(SIGINT), 130);
        assert_eq!(exit_code(SIGQUIT), 131);
        assert_eq!(exit_code(SIGTERM), 143);
        assert_eq!(name(SIGTERM), "SIGTERM");
    }
}
