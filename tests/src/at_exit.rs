//! Helper processes the tests start once per test process (chromedriver, the S3
//! server) are killed when it exits: the test harness returns from `main`, so `atexit`
//! handlers run.

use std::process::Child;
use std::sync::{Mutex, Once};

static CHILDREN: Mutex<Vec<Child>> = Mutex::new(Vec::new());
static REGISTERED: Once = Once::new();

/// Kills `child` (and waits for it) when this process exits.
pub fn kill_at_exit(child: Child) {
    CHILDREN.lock().expect("the helper processes").push(child);
    REGISTERED.call_once(register);
}

extern "C" fn kill_all() {
    if let Ok(mut children) = CHILDREN.lock() {
        for child in children.iter_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[allow(unsafe_code)]
fn register() {
    // SAFETY: `atexit` stores a plain function pointer; `kill_all` touches only a Mutex
    // and the child processes.
    unsafe {
        libc::atexit(kill_all);
    }
}
