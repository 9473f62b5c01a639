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
use std::time::{Duration, Instant};

pub use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};

/// How long the loop has to end after a signal before the process ends
/// without it.
pub const GRACE: Duration = Duration::from_secs(3);

/// The signals caught.
pub const CAUGHT: [i32; 4] = [SIGHUP, SIGTERM, SIGINT, SIGQUIT];

/// The flags the handlers set.
#[derive(Debug, Clone)]
pub struct Signals {
    /// The last signal received, 0 for none.
    received: Arc<AtomicUsize>,
    /// Per signal caught: whether one came, which arms the shutdown on the
    /// next.
    armed: Vec<(i32, Arc<AtomicBool>)>,
}

impl Signals {
    /// Catch HUP, TERM, INT and QUIT for the rest of the process's life.
    pub fn catch() -> std::io::Result<Signals> {
        let received = Arc::new(AtomicUsize::new(0));
        let mut arms = Vec::new();
        for signal in CAUGHT {
            let armed = Arc::new(AtomicBool::new(false));
            // The shutdown goes first: on the first signal it is not armed
            // yet, and the flag below arms it.
            signal_hook::flag::register_conditional_shutdown(
                signal,
                i32::from(exit_code(signal)),
                Arc::clone(&armed),
            )?;
            signal_hook::flag::register(signal, Arc::clone(&armed))?;
            arms.push((signal, armed));
            signal_hook::flag::register_usize(
                signal,
                Arc::clone(&received),
                usize::try_from(signal).expect("signal numbers are small"),
            )?;
        }
        let signals = Signals {
            received,
            armed: arms,
        };
        signals.watch_the_ending();
        Ok(signals)
    }

    /// Should the loop not end within [`GRACE`] of a signal (stuck where it
    /// cannot look), end the process from a thread of its own, with the
    /// journal as last written.
    fn watch_the_ending(&self) {
        let received = Arc::clone(&self.received);
        let spawned = std::thread::Builder::new()
            .name("signal-watch".to_owned())
            .spawn(move || {
                let mut since = None;
                loop {
                    std::thread::sleep(Duration::from_millis(100));
                    let signal = received.load(Ordering::SeqCst);
                    match (signal, since) {
                        (0, _) => since = None,
                        (_, None) => since = Some(Instant::now()),
                        (signal, Some(at)) if at.elapsed() >= GRACE => {
                            let code = i32::try_from(signal).map_or(1, |s| i32::from(exit_code(s)));
                            signal_hook::low_level::exit(code);
                        }
                        _ => {}
                    }
                }
            });
        // Without the watch, a stuck loop waits for a second signal.
        drop(spawned);
    }

    /// Forget an INT or QUIT received: while a program we started (the
    /// editor) had the terminal in cooked mode, Ctrl-C and Ctrl-\ there
    /// signalled us too, but were meant for it. HUP and TERM stay.
    pub fn forget_interrupts(&self) {
        for signal in [SIGINT, SIGQUIT] {
            let number = usize::try_from(signal).expect("signal numbers are small");
            let _ = self
                .received
                .compare_exchange(number, 0, Ordering::SeqCst, Ordering::SeqCst);
        }
        for (signal, armed) in &self.armed {
            if [SIGINT, SIGQUIT].contains(signal) {
                armed.store(false, Ordering::SeqCst);
            }
        }
    }

    /// The signal received, if one was.
    pub fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::SeqCst) {
            0 => None,
            signal => i32::try_from(signal).ok(),
        }
    }
}

/// What the terminal has for the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Something to read (or the wait was cut short: look).
    Ready,
    /// Nothing came within the time.
    Idle,
    /// The terminal hung up: the window closed, the connection dropped.
    HungUp,
}

/// Wait up to `timeout` for input on the terminal (standard input).
///
/// The UI asks this before crossterm's own poll, because after a hang-up
/// that poll never returns: reading the terminal fails, and crossterm tries
/// again at once, forever.
pub fn wait_for_input(timeout: Duration) -> Input {
    #[cfg(unix)]
    {
        let mut fd = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: libc::POLLIN,
            revents: 0,
        };
        let millis = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
        // SAFETY: one pollfd, which lives through the call, and its count.
        let result = unsafe { libc::poll(&mut fd, 1, millis) };
        if result == 0 {
            Input::Idle
        } else if result > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            Input::HungUp
        } else {
            // Input, or a signal cut the wait short (a resize, an ending).
            Input::Ready
        }
    }
    #[cfg(not(unix))]
    {
        let _ = timeout;
        Input::Ready
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

    /// Flags as the handlers would leave them after `signal` (the handlers
    /// themselves are not installed in the test process).
    fn after(signal: i32) -> Signals {
        Signals {
            received: Arc::new(AtomicUsize::new(usize::try_from(signal).unwrap())),
            armed: CAUGHT
                .iter()
                .map(|&s| (s, Arc::new(AtomicBool::new(s == signal))))
                .collect(),
        }
    }

    #[test]
    fn interrupts_meant_for_the_editor_are_forgotten_hangups_are_not() {
        for signal in [SIGINT, SIGQUIT] {
            let signals = after(signal);
            assert_eq!(signals.received(), Some(signal));
            signals.forget_interrupts();
            assert_eq!(signals.received(), None);
            assert!(
                signals.armed.iter().all(|(_, a)| !a.load(Ordering::SeqCst)),
                "the shutdown is disarmed again"
            );
        }
        for signal in [SIGHUP, SIGTERM] {
            let signals = after(signal);
            signals.forget_interrupts();
            assert_eq!(signals.received(), Some(signal));
        }
    }
}
