//! Peak and retained heap memory of loading the 10,000-goal plan, against a
//! bare `toml_edit::DocumentMut` parse of the same bytes. A counting global
//! allocator over the binary's own (mimalloc) records the figures; run with
//! `cargo bench -p commonplan-benches --bench memory`. The figures are the
//! bytes asked for, whatever the allocator keeps beside them.

mod support;

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};

use commonplan::document::PlanDocument;
use commonplan::edit::History;
use commonplan::model::Date;

/// Counts the bytes allocated through the binary's allocator.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if !pointer.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(pointer, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Run `work`, returning (peak during it, retained after it) in bytes above
/// what was allocated before, keeping its result alive until measured.
fn measure<T>(work: impl FnOnce() -> T) -> (usize, usize) {
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let kept = work();
    let retained = CURRENT.load(Ordering::Relaxed) - before;
    let peak = PEAK.load(Ordering::Relaxed) - before;
    drop(kept);
    (peak, retained)
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench` absent: skip.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let goals = 10_000;
    let text = support::plan_text(goals);
    let today = Date::new(2026, 11, 22).unwrap();
    let (floor_peak, floor_kept) =
        measure(|| text.parse::<toml_edit::DocumentMut>().expect("parses"));
    let (load_peak, load_kept) =
        measure(|| PlanDocument::load(text.as_bytes(), today).expect("loads"));
    println!(
        "memory at {goals} goals ({:.1} MiB of TOML)",
        mib(text.len())
    );
    println!(
        "  toml_edit DocumentMut parse: peak {:.1} MiB, retained {:.1} MiB",
        mib(floor_peak),
        mib(floor_kept)
    );
    println!(
        "  PlanDocument::load:          peak {:.1} MiB, retained {:.1} MiB",
        mib(load_peak),
        mib(load_kept)
    );
    println!(
        "  ratio: peak {:.2}x, retained {:.2}x",
        load_peak as f64 / floor_peak as f64,
        load_kept as f64 / floor_kept as f64
    );

    // Undo history: what 1,000 single-field edits keep, after a first edit
    // (which takes the baseline text the unedited lines are kept by).
    let mut document = PlanDocument::load(text.as_bytes(), today).expect("loads");
    let mut history = History::new();
    history
        .apply(&mut document, &support::status_edit(0, 0))
        .expect("applies");
    let before = CURRENT.load(Ordering::Relaxed);
    for n in 1..=1_000 {
        history
            .apply(&mut document, &support::status_edit(n % goals, n as u64))
            .expect("applies");
    }
    let held = CURRENT.load(Ordering::Relaxed) as f64 - before as f64;
    println!(
        "  1,000 undo steps of single-field edits hold {:.1} KiB ({} steps)",
        held / 1024.0,
        history.undo_len()
    );
}
